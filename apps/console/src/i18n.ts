import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

const en = {
  title: 'Borderpost supervisor console',
  signIn: 'Sign in', signOut: 'Sign out', user: 'User', password: 'Password', signedInAs: 'Signed in as {{user}} ({{role}})',
  nav: { profiles: 'Risk profiles', officers: 'Officers', admin: 'Users and stations', posts: 'Posts', crossings: 'Crossings', stays: 'Overstays', hits: 'Alert hits', duplicates: 'Duplicates', quality: 'Data quality', lists: 'Alert lists', reports: 'Reports', users: 'Users' },
  posts: { title: 'Posts at a glance', post: 'Post', lastSync: 'Last sync', lastCrossing: 'Newest crossing', clock: 'Clock offset', stations: 'Stations', health: 'Devices', version: 'Software', pending: 'Waiting', silent: 'Silent', ok: 'OK' },
  crossings: { title: 'Crossings', name: 'Surname', document: 'Document', nationality: 'Nationality', post: 'Post', from: 'From', to: 'To', outcome: 'Decision', hit: 'With hit', search: 'Search', more: 'More', when: 'When', direction: 'Direction', officer: 'Officer', record: 'Crossing record', close: 'Close', any: 'any' },
  stays: { title: 'Overstays', entered: 'Entered', allowedUntil: 'Allowed until', overstay: 'Days over', rule: 'Rule', decide: 'Confirm overstay', none: 'No overstay waiting.' },
  hits: { title: 'Alert hits to review', list: 'List', entry: 'Entry', score: 'Score', confirm: 'Confirm', dismiss: 'Dismiss', stats: 'Per list and post', total: 'Total', confirmed: 'Confirmed', dismissed: 'Dismissed', open: 'Open', none: 'No hit waiting.' },
  duplicates: { title: 'Possible duplicate travellers', reason: 'Why', merge: 'Merge', distinct: 'Different people', none: 'No duplicate waiting.' },
  quality: { title: 'Data quality', mrz: 'MRZ failures accepted', clock: 'Skewed clocks', impossible: 'Impossible timings', accept: 'Accept' },
  lists: { title: 'Alert lists', listId: 'List id', name: 'Name', format: 'Format', content: 'List file', import: 'Import for review', added: 'Added', removed: 'Removed', changed: 'Changed', unchanged: 'Unchanged', publish: 'Publish version {{version}}', published: 'Published version {{version}}', postVersions: 'Versions held by posts', version: 'Version', entries: 'Entries' },
  reports: { title: 'Reports', flows: 'Flows', decisions: 'Refusals and referrals', transit: 'Transit time', run: 'Show', csv: 'Export CSV' },
  admin: { users: 'Console users', stations: 'Stations', role: 'Role', create: 'Create user', enable: 'Enable', disable: 'Disable', station: 'Station', revoke: 'Revoke', revoked: 'Revoked', code: 'New enrolment code', codeFor: 'One-time code for {{post}} (until {{expires}}):' },
  officers: {
    title: 'Officers', userId: 'User name', name: 'Name', roles: 'Roles', posts: 'Posts', status: 'Status', passwordChanged: 'Password changed', lastSignIn: 'Last sign-in seen',
    active: 'Active', disabled: 'Disabled', enable: 'Enable', disable: 'Disable', edit: 'Roles and posts…', editTitle: 'Officer {{user}}', save: 'Save roles and posts',
    reset: 'Reset password', newPassword: 'New password (at least 10 characters)', password: 'Password (at least 10 characters)', create: 'New officer', createButton: 'Create officer',
    none: 'No officer yet.', withdrawn: 'taken off: {{posts}} (they learn it at their next sync)',
    offlineNote: 'Officers sign in offline at the posts: a change reaches a post at its next sync, and a post that has not synced keeps the previous state until then.',
    createdNotice: 'Officer {{user}} created; the posts receive the account at their next sync.', savedNotice: 'Officer {{user}} saved.', resetNotice: 'Password of {{user}} reset; the old one is refused at each post after its next sync.',
    disabledNotice: 'Officer {{user}} disabled; refused at each post after its next sync.', enabledNotice: 'Officer {{user}} enabled.',
  },
  profiles: {
    title: 'Risk profiles', none: 'No risk profile yet.', profile: 'Profile', action: 'Action', rule: 'Rule', effective: 'In force', posts: 'Posts', allPosts: 'all posts', flag: 'Flag', refer: 'Refer to secondary',
    stats: 'Hit statistics', byPost: 'Per post', wholePeriod: 'Whole period', perMonth: 'Per month', perDay: 'Per day', period: 'Period',
    explain: 'Crossings each profile flagged and what became of them. A profile whose flagged travellers are all admitted may only be slowing the queue.',
    flagged: 'Flagged', admitted: 'Admitted', refused: 'Refused', referred: 'Referred', secondary: 'After secondary', secondaryOutcome: '{{admitted}} admitted, {{refused}} refused, {{pending}} waiting', withHit: 'Also an alert hit', refusedShare: 'Refused (incl. after secondary)', neverFired: 'never fired',
  },
  officerActivity: {
    tab: 'Unusual officer activity', open: 'To review', decided: 'Decided', none: 'No unusual activity in the window.', rule: 'Rule', what: 'What the data shows', decision: 'Decision', record: 'Record decision',
    window: 'Window {{from}} → {{to}}; an officer is listed when a share is at least {{ratio}}× the norm and {{excess}} points above it.',
    rules: { 'hit-override': 'Hits overridden', 'unverified-document': 'Unverified documents admitted', 'fast-decision': 'Rushed decisions' },
    says: {
      'hit-override': 'Officer {{officer}} admitted {{count}} of {{base}} travellers with an alert hit ({{share}}).',
      'unverified-document': 'Officer {{officer}} admitted {{count}} of {{base}} travellers on a document typed by hand or failing its MRZ checks ({{share}}).',
      'fast-decision': 'Officer {{officer}} decided {{count}} of {{base}} crossings in under {{seconds}} s ({{share}}).',
    },
    normPost: 'Post norm {{norm}} ({{count}} of {{base}}, other officers at {{post}}).', normAll: 'Norm {{norm}} ({{count}} of {{base}}, other officers of all posts: {{post}} has too few to compare).',
    decisions: { explained: 'Explained, no action', 'addressed-with-officer': 'Addressed with the officer', 'referred-for-investigation': 'Referred for investigation' },
    thresholds: 'Thresholds', windowDays: 'Window (days)', ratio: 'Times the norm', excess: 'Points above the norm', minEvents: 'At least (events)', fastSeconds: 'Rushed: under (seconds)', minBase: 'judged from', save: 'Save thresholds',
  },
  listFiles: {
    attach: 'Or attach the file', ofac: 'OFAC SDN files (sdn.csv and alt.csv, legacy CSV release)', sdn: '{{name}}: names and remarks (sdn.csv)', alt: '{{name}}: aliases (alt.csv)', unused: '{{name}}: addresses, not used by a border check', unknown: '{{name}}: not an OFAC SDN file name (sdn.csv, alt.csv), ignored', needSdn: 'sdn.csv is required',
    row: 'Row', severity: 'Severity', code: 'Code', message: 'Message', error: 'error', warning: 'warning',
  },
  note: 'Note', notePrompt: 'Note for the record (required)', decided: 'Decision recorded.', error: 'Error: {{message}}',
};

const fr: typeof en = {
  title: 'Borderpost — console de supervision',
  signIn: 'Se connecter', signOut: 'Se déconnecter', user: 'Utilisateur', password: 'Mot de passe', signedInAs: 'Connecté : {{user}} ({{role}})',
  nav: { profiles: 'Profils de risque', officers: 'Agents', admin: 'Utilisateurs et postes', posts: 'Postes', crossings: 'Passages', stays: 'Dépassements', hits: 'Alertes', duplicates: 'Doublons', quality: 'Qualité des données', lists: 'Listes', reports: 'Rapports', users: 'Utilisateurs' },
  posts: { title: "Vue d'ensemble des postes", post: 'Poste', lastSync: 'Dernière synchro', lastCrossing: 'Dernier passage', clock: 'Décalage horloge', stations: 'Postes de travail', health: 'Appareils', version: 'Logiciel', pending: 'En attente', silent: 'Silencieux', ok: 'OK' },
  crossings: { title: 'Passages', name: 'Nom', document: 'Document', nationality: 'Nationalité', post: 'Poste', from: 'Du', to: 'Au', outcome: 'Décision', hit: 'Avec alerte', search: 'Rechercher', more: 'Suite', when: 'Date', direction: 'Sens', officer: 'Agent', record: 'Fiche du passage', close: 'Fermer', any: 'tous' },
  stays: { title: 'Dépassements de séjour', entered: 'Entrée', allowedUntil: "Autorisé jusqu'au", overstay: 'Jours en trop', rule: 'Règle', decide: 'Confirmer', none: 'Aucun dépassement en attente.' },
  hits: { title: 'Alertes à examiner', list: 'Liste', entry: 'Entrée', score: 'Score', confirm: 'Confirmer', dismiss: 'Écarter', stats: 'Par liste et poste', total: 'Total', confirmed: 'Confirmées', dismissed: 'Écartées', open: 'Ouvertes', none: 'Aucune alerte en attente.' },
  duplicates: { title: 'Doublons possibles', reason: 'Motif', merge: 'Fusionner', distinct: 'Personnes différentes', none: 'Aucun doublon en attente.' },
  quality: { title: 'Qualité des données', mrz: 'Erreurs MRZ acceptées', clock: 'Horloges décalées', impossible: 'Passages impossibles', accept: 'Accepter' },
  lists: { title: "Listes d'alerte", listId: 'Identifiant', name: 'Nom', format: 'Format', content: 'Fichier', import: 'Importer pour examen', added: 'Ajoutées', removed: 'Retirées', changed: 'Modifiées', unchanged: 'Inchangées', publish: 'Publier la version {{version}}', published: 'Version {{version}} publiée', postVersions: 'Versions détenues par les postes', version: 'Version', entries: 'Entrées' },
  reports: { title: 'Rapports', flows: 'Flux', decisions: 'Refus et renvois', transit: 'Temps de passage', run: 'Afficher', csv: 'Exporter CSV' },
  admin: { users: 'Utilisateurs de la console', stations: 'Postes de travail', role: 'Rôle', create: "Créer l'utilisateur", enable: 'Réactiver', disable: 'Désactiver', station: 'Poste de travail', revoke: 'Révoquer', revoked: 'Révoqué', code: "Nouveau code d'enrôlement", codeFor: 'Code à usage unique pour {{post}} (jusqu’au {{expires}}) :' },
  officers: {
    title: 'Agents', userId: "Nom d'utilisateur", name: 'Nom', roles: 'Rôles', posts: 'Postes', status: 'État', passwordChanged: 'Mot de passe changé', lastSignIn: 'Dernière connexion vue',
    active: 'Actif', disabled: 'Désactivé', enable: 'Réactiver', disable: 'Désactiver', edit: 'Rôles et postes…', editTitle: 'Agent {{user}}', save: 'Enregistrer rôles et postes',
    reset: 'Réinitialiser le mot de passe', newPassword: 'Nouveau mot de passe (10 caractères au moins)', password: 'Mot de passe (10 caractères au moins)', create: 'Nouvel agent', createButton: "Créer l'agent",
    none: 'Aucun agent pour le moment.', withdrawn: 'retiré de : {{posts}} (ils l’apprennent à leur prochaine synchro)',
    offlineNote: 'Les agents se connectent hors ligne aux postes : une modification atteint un poste à sa prochaine synchro ; un poste qui ne s’est pas synchronisé garde l’état précédent jusque-là.',
    createdNotice: 'Agent {{user}} créé ; les postes reçoivent le compte à leur prochaine synchro.', savedNotice: 'Agent {{user}} enregistré.', resetNotice: 'Mot de passe de {{user}} réinitialisé ; l’ancien est refusé à chaque poste après sa prochaine synchro.',
    disabledNotice: 'Agent {{user}} désactivé ; refusé à chaque poste après sa prochaine synchro.', enabledNotice: 'Agent {{user}} réactivé.',
  },
  profiles: {
    title: 'Profils de risque', none: 'Aucun profil de risque.', profile: 'Profil', action: 'Action', rule: 'Règle', effective: 'En vigueur', posts: 'Postes', allPosts: 'tous les postes', flag: 'Signaler', refer: 'Renvoyer en contrôle approfondi',
    stats: 'Statistiques de déclenchement', byPost: 'Par poste', wholePeriod: 'Toute la période', perMonth: 'Par mois', perDay: 'Par jour', period: 'Période',
    explain: 'Passages signalés par chaque profil et leur issue. Un profil dont tous les voyageurs signalés sont admis ne fait peut-être que ralentir la file.',
    flagged: 'Signalés', admitted: 'Admis', refused: 'Refusés', referred: 'Renvoyés', secondary: 'Après contrôle approfondi', secondaryOutcome: '{{admitted}} admis, {{refused}} refusés, {{pending}} en attente', withHit: 'Aussi une alerte', refusedShare: 'Refusés (y c. après contrôle)', neverFired: 'jamais déclenché',
  },
  officerActivity: {
    tab: 'Activité inhabituelle des agents', open: 'À examiner', decided: 'Décidés', none: 'Aucune activité inhabituelle sur la période.', rule: 'Règle', what: 'Ce que montrent les données', decision: 'Décision', record: 'Enregistrer la décision',
    window: 'Période {{from}} → {{to}} ; un agent est listé quand une proportion atteint {{ratio}} fois la norme et la dépasse de {{excess}} points.',
    rules: { 'hit-override': 'Alertes passées outre', 'unverified-document': 'Documents non vérifiés admis', 'fast-decision': 'Décisions précipitées' },
    says: {
      'hit-override': "L'agent {{officer}} a admis {{count}} voyageurs sur {{base}} ayant une alerte ({{share}}).",
      'unverified-document': "L'agent {{officer}} a admis {{count}} voyageurs sur {{base}} avec un document saisi à la main ou dont la MRZ est en erreur ({{share}}).",
      'fast-decision': "L'agent {{officer}} a décidé {{count}} passages sur {{base}} en moins de {{seconds}} s ({{share}}).",
    },
    normPost: 'Norme du poste {{norm}} ({{count}} sur {{base}}, autres agents de {{post}}).', normAll: 'Norme {{norm}} ({{count}} sur {{base}}, autres agents de tous les postes : {{post}} en a trop peu pour comparer).',
    decisions: { explained: 'Expliqué, sans suite', 'addressed-with-officer': "Traité avec l'agent", 'referred-for-investigation': 'Transmis pour enquête' },
    thresholds: 'Seuils', windowDays: 'Période (jours)', ratio: 'Fois la norme', excess: 'Points au-dessus de la norme', minEvents: 'Au moins (cas)', fastSeconds: 'Précipité : moins de (secondes)', minBase: 'jugé à partir de', save: 'Enregistrer les seuils',
  },
  listFiles: {
    attach: 'Ou joindre le fichier', ofac: 'Fichiers OFAC SDN (sdn.csv et alt.csv, version CSV historique)', sdn: '{{name}} : noms et remarques (sdn.csv)', alt: '{{name}} : alias (alt.csv)', unused: "{{name}} : adresses, inutiles au contrôle frontalier", unknown: "{{name}} : pas un nom de fichier OFAC SDN (sdn.csv, alt.csv), ignoré", needSdn: 'sdn.csv est obligatoire',
    row: 'Ligne', severity: 'Gravité', code: 'Code', message: 'Message', error: 'erreur', warning: 'avertissement',
  },
  note: 'Note', notePrompt: 'Note pour le dossier (obligatoire)', decided: 'Décision enregistrée.', error: 'Erreur : {{message}}',
};

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, fr: { translation: fr } },
  lng: navigator.language.startsWith('fr') ? 'fr' : 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

export default i18next;
