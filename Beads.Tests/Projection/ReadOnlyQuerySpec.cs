using System.Data.Common;
using Beads.Actors.Persistence;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Projection;

/// <summary><c>bd sql</c>'s queries on each real store: rows as typed JSON values, a row limit, and no writes at all.</summary>
public abstract class ReadOnlyQuerySpec(TestStore store, ITestOutputHelper output) : ProjectionTestKit(store, output)
{
    private static readonly SqlLimits Limits = new(TimeSpan.FromSeconds(30), 16L * 1024 * 1024);

    [SkippableFact]
    public async Task A_query_on_the_projected_tables_answers_columns_and_typed_values()
    {
        var rig = StartRig("q");
        await Init(rig, "q");
        var created = await Ask<IssueResult>(rig, new CreateIssue("q", Agent, "find me") { Priority = 1, Labels = ["x"] });
        await AssertTablesMatch(rig, "q");

        var result = await Run("SELECT i.id, i.title, i.priority, i.closed_at, l.label FROM issues i " +
                               "JOIN labels l ON l.rig = i.rig AND l.issue_id = i.id WHERE i.rig = 'q'");

        Assert.Equal(["id", "title", "priority", "closed_at", "label"], result.Columns);
        var row = Assert.Single(result.Rows);
        Assert.Equal(created.Issue.Id, row[0].GetString());
        Assert.Equal("find me", row[1].GetString());
        Assert.Equal(1, row[2].GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, row[3].ValueKind);
        Assert.Equal("x", row[4].GetString());
        Assert.False(result.Truncated);
    }

    [SkippableFact]
    public async Task More_rows_than_the_limit_come_back_cut_to_it_and_marked_as_such()
    {
        var rig = StartRig("many");
        await Init(rig, "many");
        for (var i = 0; i < 5; i++) await Create(rig, "many", $"issue {i}");
        await AssertTablesMatch(rig, "many");

        var result = await ReadOnlyQuery.Run(Store.Storage, new SqlQuery("SELECT id FROM issues WHERE rig = 'many'", 3), Limits, CancellationToken.None);

        Assert.Equal(3, result.Rows.Count);
        Assert.True(result.Truncated);
        Assert.Contains("row limit (3", result.CutBy);
    }

    [SkippableFact]
    public async Task Values_past_the_size_limit_are_not_read_and_the_result_says_which_limit_cut_it()
    {
        var filler = new string('x', 1000);
        var result = await ReadOnlyQuery.Run(Store.Storage, new SqlQuery(
            $"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100) SELECT x, '{filler}' AS filler FROM c", 1000),
            Limits with { Bytes = 20_000 }, CancellationToken.None);

        Assert.True(result.Truncated);
        Assert.InRange(result.Rows.Count, 1, 10);
        Assert.Contains("size limit", result.CutBy);
    }

    [SkippableFact]
    public async Task A_query_that_never_ends_is_stopped_at_the_time_limit_and_the_store_answers_the_next()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var endless = ReadOnlyQuery.Run(Store.Storage, new SqlQuery(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c", 10),
            Limits with { Time = TimeSpan.FromSeconds(2) }, CancellationToken.None);

        // The embedded store used to run it on for ever. A server may end it first by a recursion limit of its own
        // (MariaDB stops at max_recursive_iterations and answers what it has; MySQL refuses it): never past the limit.
        var stopped = await Record.ExceptionAsync(() => endless);
        if (Store.Storage is Beads.Actors.Configuration.StorageBackend.Embedded)
            Assert.IsType<QueryTooLongException>(stopped);
        else
            Assert.True(stopped is null or QueryTooLongException or DbException, $"{stopped?.GetType().Name}: {stopped?.Message}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"stopped only after {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.Single((await Run("SELECT 1 AS one")).Rows);
    }

    [SkippableFact]
    public async Task A_write_that_gets_past_the_statement_check_is_refused_by_the_database_itself()
    {
        var rig = StartRig("kept");
        await Init(rig, "kept");
        await Create(rig, "kept", "must survive");
        await AssertTablesMatch(rig, "kept");

        // WITH ... DELETE reads as a WITH statement, so only the read-only connection stands in its way.
        await Assert.ThrowsAnyAsync<DbException>(() => Run("WITH doomed AS (SELECT id FROM issues) DELETE FROM issues WHERE rig = 'kept'"));

        Assert.Equal(1, Store.Scalar("SELECT COUNT(*) FROM issues WHERE rig = 'kept'"));
    }

    private Task<SqlResult> Run(string sql) =>
        ReadOnlyQuery.Run(Store.Storage, new SqlQuery(sql, 1000), Limits, CancellationToken.None);

    public sealed class OnEmbeddedStore(ITestOutputHelper output) : ReadOnlyQuerySpec(TempDatabase.Create(), output);

    public sealed class OnServerStore(ITestOutputHelper output) : ReadOnlyQuerySpec(TempServerDatabase.Create(), output);
}
