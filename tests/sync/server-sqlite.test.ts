import { defineServerSuite, sqliteTarget } from './suite.js';

defineServerSuite('SQLite', sqliteTarget);
