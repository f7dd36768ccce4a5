/** A connection as the API pages it: edges of nodes with an id, and a cursor for more. */
interface Connection {
  edges: readonly { node: { id: string } }[];
}

/**
 * A further page after the one shown: its counts and cursor, and the edges of both, one
 * of each (an item that moved meanwhile can come again).
 */
export function appendPage<C extends Connection>(shown: C, page: C): C {
  const ids = new Set(shown.edges.map((edge) => edge.node.id));
  return { ...page, edges: [...shown.edges, ...page.edges.filter((edge) => !ids.has(edge.node.id))] };
}
