import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The files of an OFAC SDN import, by role (the server's `files` body field). */
export interface OfacFiles {
  sdn?: string;
  alt?: string;
}

/** OFAC's legacy CSV release names its files sdn.csv, alt.csv (aliases) and add.csv (addresses, not used). */
function ofacRole(name: string): 'sdn' | 'alt' | 'add' | null {
  const base = name.toLowerCase().replace(/\.(csv|ff|txt)$/, '');
  if (/(^|[^a-z])sdn$/.test(base) || base === 'sdn') return 'sdn';
  if (/(^|[^a-z])alt$/.test(base)) return 'alt';
  if (/(^|[^a-z])add$/.test(base)) return 'add';
  return null;
}

/**
 * Attaching list files: one file fills the content of a CSV/JSON/XML import; for OFAC SDN several files
 * are attached at once and sorted by name (sdn.csv, alt.csv; add.csv is said to be unused), so the
 * analyst sees which file goes where before importing.
 */
export function ListFilesInput({ format, onContent, onOfacFiles }: { format: string; onContent: (text: string) => void; onOfacFiles: (files: OfacFiles) => void }) {
  const { t } = useTranslation();
  const [notes, setNotes] = useState<string[]>([]);
  return (
    <label className="wide">
      {format === 'ofac-sdn' ? t('listFiles.ofac') : t('listFiles.attach')}
      <input
        type="file"
        multiple={format === 'ofac-sdn'}
        accept={format === 'json' ? '.json,application/json' : format === 'un-xml' ? '.xml,text/xml' : '.csv,text/csv'}
        data-testid="list-files"
        onChange={async (e) => {
          const chosen = [...(e.target.files ?? [])];
          if (format !== 'ofac-sdn') {
            if (chosen[0]) onContent(await chosen[0].text());
            setNotes(chosen[0] ? [chosen[0].name] : []);
            return;
          }
          const files: OfacFiles = {};
          const next: string[] = [];
          for (const file of chosen) {
            const role = ofacRole(file.name);
            if (role === 'sdn' || role === 'alt') {
              files[role] = await file.text();
              next.push(t(`listFiles.${role}`, { name: file.name }));
            } else next.push(t(role === 'add' ? 'listFiles.unused' : 'listFiles.unknown', { name: file.name }));
          }
          if (!files.sdn) next.push(t('listFiles.needSdn'));
          setNotes(next);
          onOfacFiles(files);
        }}
      />
      {notes.length > 0 && (
        <ul className="file-notes" data-testid="list-file-notes">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </label>
  );
}

/** Row issues of an import (warnings kept, or the errors that refused it), with their stable codes. */
export function RowIssues({ issues, testId }: { issues: { row: number | string; severity: string; code: string; message: string }[]; testId: string }) {
  const { t } = useTranslation();
  if (issues.length === 0) return null;
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th>{t('listFiles.row')}</th>
          <th>{t('listFiles.severity')}</th>
          <th>{t('listFiles.code')}</th>
          <th>{t('listFiles.message')}</th>
        </tr>
      </thead>
      <tbody>
        {issues.slice(0, 200).map((issue, i) => (
          <tr key={i} className={issue.severity}>
            <td>{issue.row}</td>
            <td>{t(issue.severity === 'error' ? 'listFiles.error' : 'listFiles.warning')}</td>
            <td>
              <code>{issue.code}</code>
            </td>
            <td>{issue.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
