import { CRASH_BACKENDS, crashSuite } from "../helpers/crash-suite.js";

crashSuite(CRASH_BACKENDS.sqlite, "SIGTERM");
