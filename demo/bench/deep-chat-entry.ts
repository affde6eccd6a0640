// deep-chat from npm (a devDependency), bundled on its own by scripts/bench/server.mjs so the
// streaming comparison loads it only in deep-chat's runs.
import 'deep-chat';
