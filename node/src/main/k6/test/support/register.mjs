// Loaded with `node --import`: makes gridkv.js loadable under Node the way k6 loads it.
// - the bare specifier "k6/http" resolves to the stand-in next to this file;
// - __ENV exists, as it does in every k6 script (tests fill it in).
import { register } from "node:module";

register("./k6-resolve.mjs", import.meta.url);

globalThis.__ENV = {};
