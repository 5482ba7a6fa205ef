// Loaded with `node --import`: lets a k6 script (and the gridkv module it imports) run under Node, with stand-ins for
// the k6 modules it uses. Only what the example needs; the k6 module's own tests (node/src/main/k6/test) hold the
// faithful k6/http stand-in.
import { register } from "node:module";

register("./resolve.mjs", import.meta.url);
globalThis.__ENV = globalThis.__ENV || {};
