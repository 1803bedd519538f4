// Loaded by the built BFF (bff/dist/main.js) before TypeORM.
//
// TypeORM's DriverFactory requires the module of every driver it supports as it loads, with
// their query runners: SAP HANA, Spanner, SQL Server, Oracle, PostgreSQL and more. V8 keeps a
// loaded module's source and its compiled top level for the life of the process, about 4 MB of
// the BFF's resident memory for drivers it never constructs. The BFF speaks MySQL (mysql2) and
// SQLite (better-sqlite3); the other drivers' modules are registered here as stand-ins that throw
// if constructed, so that TypeORM finds them in the module cache instead of loading them.
import Module, { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Driver module (under typeorm/driver/) → the class it exports. */
const UNUSED_DRIVERS = {
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

const root = path.dirname(require.resolve('typeorm'));
for (const [file, name] of Object.entries(UNUSED_DRIVERS)) {
  const filename = path.join(root, 'driver', `${file}.js`);
  if (require.cache[filename]) continue;
  const stand = new Module(filename);
  stand.filename = filename;
  stand.loaded = true;
  stand.exports = {
    [name]: class {
      constructor() {
        throw new Error(`${name} is not part of the built BFF, which runs on MySQL or SQLite`);
      }
    },
  };
  require.cache[filename] = stand;
}
