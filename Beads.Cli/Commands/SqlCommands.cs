using System.CommandLine;
using Beads.Cli.Output;
using Beads.Protocol;

namespace Beads.Cli.Commands;

/// <summary>sql: read-only queries against the store's tables.</summary>
public static class SqlCommands
{
    public static IEnumerable<Command> All() => [Sql()];

    private static Command Sql()
    {
        var query = new Argument<string>("query") { Description = "One read-only statement: SELECT, WITH, SHOW, DESCRIBE or EXPLAIN" };
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many rows (default 1000)", DefaultValueFactory = _ => 1000 };
        var csv = Flags.Switch("--csv", "Print CSV: a header line, then one line per row");
        var command = new Command("sql",
            "Query the SQL tables read-only: issues, dependencies, labels, comments, events (each with a rig column)")
        {
            query, limit, csv,
        };
        return command.With(async run =>
        {
            if (SqlQuery.LimitProblem(run.Value(limit)) is { } badLimit) throw CliException.Usage(badLimit);
            var client = await run.Client();
            var result = await client.Post<SqlQuery, SqlResult>(GatewayRoutes.Sql, new SqlQuery(run.Value(query)!, run.Value(limit)), run.Cancellation);
            run.Print(new SqlOutput(result, run.Value(csv)));
            if (result.Truncated)
                run.Note($"(only the first {result.Rows.Count} rows are shown, cut by {result.CutBy ?? "the row limit: raise --limit to see more"})");
        });
    }
}
