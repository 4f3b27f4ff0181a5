import { CRASH_BACKENDS, crashSuite } from "../helpers/crash-suite.js";
import { skipNotice } from "../helpers/services.js";

skipNotice("crash-on-Redis", "REDIS_URL");
crashSuite(CRASH_BACKENDS.redis);
