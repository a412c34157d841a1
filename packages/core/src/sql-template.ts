/**
 * A sandbox schema template is a folder of `.sql` files applied in name order with
 * `search_path` set to the new schema. Files may use {{sandbox_id}}, {{sandbox_name}} and
 * {{schema}}; each is replaced by a correctly quoted SQL literal or identifier.
 */
export interface TemplateValues {
  readonly sandboxId: string;
  readonly sandboxName: string;
  readonly schema: string;
}

export function renderSqlTemplate(sql: string, values: TemplateValues): string {
  const replacements: Readonly<Record<string, string>> = {
    sandbox_id: quoteLiteral(values.sandboxId),
    sandbox_name: quoteLiteral(values.sandboxName),
    schema: quoteIdentifier(values.schema),
  };
  return sql.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, key: string) => replacements[key] ?? whole);
}

/** Same rule as pg's escapeIdentifier: double quotes, inner quotes doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
