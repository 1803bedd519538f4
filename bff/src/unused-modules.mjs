// Loaded by the built BFF (bff/dist/main.js) before anything else.
//
// V8 keeps a loaded module's source and its compiled top level for the life of the process. Two
// of the BFF's packages load large parts it never uses, and those are registered here, in Node's
// module cache, before the packages load, so that the packages find these stand-ins instead:
// - TypeORM's DriverFactory requires every driver it supports with its query runner (SAP HANA,
//   Spanner, SQL Server, Oracle, PostgreSQL and more). The BFF speaks MySQL (mysql2) and SQLite
//   (better-sqlite3); the other drivers become classes that throw if ever constructed.
// - bullmq's index re-exports its PostgreSQL backend, with 0.25 M characters of SQL text (0.5 MB
//   in V8, which keeps text past Latin-1 at two bytes a character). The BFF runs its queue on
//   Redis; the backend becomes a module that exports nothing.
import Module, { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Driver module (under typeorm/driver/) → the class it exports. */
const UNUSED_TYPEORM_DRIVERS = {
  'aurora-mysql/AuroraMysqlDriver': 'AuroraMysqlDriver',
  'aurora-postgres/AuroraPostgresDriver': 'AuroraPostgresDriver',
  'capacitor/CapacitorDriver': 'CapacitorDriver',
  'cockroachdb/CockroachDriver': 'CockroachDriver',
  'cordova/CordovaDriver': 'CordovaDriver',
  'expo/ExpoDriver': 'ExpoDriver',
  'mongodb/MongoDriver': 'MongoDriver',
  'nativescript/NativescriptDriver': 'NativescriptDriver',
  'oracle/OracleDriver': 'OracleDriver',
  'postgres/PostgresDriver': 'PostgresDriver',
  'react-native/ReactNativeDriver': 'ReactNativeDriver',
  'sap/SapDriver': 'SapDriver',
  'spanner/SpannerDriver': 'SpannerDriver',
  'sqljs/SqljsDriver': 'SqljsDriver',
  'sqlserver/SqlServerDriver': 'SqlServerDriver',
};

/**
 * Puts `exports` in the module cache as the module at `filename`, unless that module is loaded
 * already. An entry that is there but not loaded is Node's placeholder, made while it read which
 * names a CommonJS package imported by the bundle re-exports (bullmq's index re-exports the
 * backend): it is replaced, and the package's require then finds the stand-in; the names it
 * re-exported stay in the package's namespace, undefined. Only for modules that packages require:
 * a module the bundle imports itself keeps its placeholder in Node's ES module loader, which
 * expects to find that same entry in the cache.
 */
function standIn(filename, exports) {
  if (require.cache[filename]?.loaded) return;
  const stand = new Module(filename);
  stand.filename = filename;
  stand.loaded = true;
  stand.exports = exports;
  require.cache[filename] = stand;
}

const typeorm = path.dirname(require.resolve('typeorm'));
for (const [file, name] of Object.entries(UNUSED_TYPEORM_DRIVERS)) {
  standIn(path.join(typeorm, 'driver', `${file}.js`), {
    [name]: class {
      constructor() {
        throw new Error(`${name} is not part of the built BFF, which runs on MySQL or SQLite`);
      }
    },
  });
}

standIn(path.join(path.dirname(require.resolve('bullmq')), 'postgres', 'index.js'), {});
