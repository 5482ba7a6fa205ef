// module.register() resolve hook: "k6", "k6/execution" and "k6/http" → the stand-ins beside this file.
const STAND_INS = {
  k6: new URL("./k6.mjs", import.meta.url).href,
  "k6/execution": new URL("./execution.mjs", import.meta.url).href,
  "k6/http": new URL("./http.mjs", import.meta.url).href,
};

export async function resolve(specifier, context, nextResolve) {
  if (specifier in STAND_INS) return { url: STAND_INS[specifier], shortCircuit: true };
  return nextResolve(specifier, context);
}
