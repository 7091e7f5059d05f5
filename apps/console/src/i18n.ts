import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

const en = {
  title: 'Borderpost supervisor console',
  signIn: 'Sign in', signOut: 'Sign out', user: 'User', password: 'Password', signedInAs: 'Signed in as {{user}} ({{role}})',
  nav: { officers: 'Officers', admin: 'Users and stations', posts: 'Posts', crossings: 'Crossings', stays: 'Overstays', hits: 'Alert hits', duplicates: 'Duplicates', quality: 'Data quality', lists: 'Alert lists', reports: 'Reports', users: 'Users' },
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
  note: 'Note', notePrompt: 'Note for the record (required)', decided: 'Decision recorded.', error: 'Error: {{message}}',
};

const fr: typeof en = {
  title: 'Borderpost — console de supervision',
  signIn: 'Se connecter', signOut: 'Se déconnecter', user: 'Utilisateur', password: 'Mot de passe', signedInAs: 'Connecté : {{user}} ({{role}})',
  nav: { officers: 'Agents', admin: 'Utilisateurs et postes', posts: 'Postes', crossings: 'Passages', stays: 'Dépassements', hits: 'Alertes', duplicates: 'Doublons', quality: 'Qualité des données', lists: 'Listes', reports: 'Rapports', users: 'Utilisateurs' },
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
  note: 'Note', notePrompt: 'Note pour le dossier (obligatoire)', decided: 'Décision enregistrée.', error: 'Erreur : {{message}}',
};

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, fr: { translation: fr } },
  lng: navigator.language.startsWith('fr') ? 'fr' : 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

export default i18next;
