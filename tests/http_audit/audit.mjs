// Runs graphql-http's server audits (the GraphQL-over-HTTP spec) against a running
// server and prints one JSON array: {id, name, status, reason?, statusCode?, body?}.
// Usage: node audit.mjs http://127.0.0.1:PORT/graphql
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}

// Keep an unread copy of the answers of the audit that runs, to show a failure's body
// (the audit may have read the answer itself).
let copies = [];
async function fetchKeepingCopies(input, init) {
  const response = await fetch(input, init);
  copies.push(response.clone());
  return response;
}

const results = [];
for (const audit of serverAudits({ url, fetchFn: fetchKeepingCopies })) {
  copies = [];
  const result = await audit.fn();
  const entry = { id: result.id, name: result.name, status: result.status };
  if (result.status !== 'ok') {
    entry.reason = result.reason;
    entry.statusCode = result.response.status;
    const copy = copies.at(-1);
    entry.body = copy ? await copy.text() : null;
  }
  results.push(entry);
}
process.stdout.write(JSON.stringify(results));
