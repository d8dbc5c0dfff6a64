/** The query `canon serve` prints and GraphiQL opens with: starter KPIs by fiscal quarter. */
export const EXAMPLE_QUERY = `# Canon: metrics as code. Try Ctrl+Space inside metrics: [...] for the catalog's names.
{
  query(input: {
    metrics: [win_rate, bookings]
    grain: FISCAL_QUARTER
    timeRange: { from: "2025-02-01", to: "2026-02-01" }
  }) {
    columns { name kind unit format }
    rows
    cached
  }
}
`;
