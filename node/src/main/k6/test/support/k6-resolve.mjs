// module.register() resolve hook: "k6/http" → ./k6-http.mjs. Everything else resolves as usual.
const K6_HTTP = new URL("./k6-http.mjs", import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === "k6/http") return { url: K6_HTTP, shortCircuit: true };
  return nextResolve(specifier, context);
}
