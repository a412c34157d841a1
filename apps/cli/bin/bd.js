#!/usr/bin/env node
// Committed launcher: npm links a workspace bin only if the file exists at install time,
// so this stays tiny and imports the build that the root `prepare` script produces.
import { main } from "../dist/main.js";

process.exitCode = await main(process.argv.slice(2));
