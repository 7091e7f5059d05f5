// pouchdb-adapter-leveldb ships no types; the bench only registers it as a plugin.
declare module 'pouchdb-adapter-leveldb' {
  const plugin: PouchDB.Plugin;
  export = plugin;
}
