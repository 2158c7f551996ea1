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
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

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

        var result = await ReadOnlyQuery.Run(Store.Storage, new SqlQuery("SELECT id FROM issues WHERE rig = 'many'", 3), Timeout, CancellationToken.None);

        Assert.Equal(3, result.Rows.Count);
        Assert.True(result.Truncated);
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
        ReadOnlyQuery.Run(Store.Storage, new SqlQuery(sql, 1000), Timeout, CancellationToken.None);

    public sealed class OnEmbeddedStore(ITestOutputHelper output) : ReadOnlyQuerySpec(TempDatabase.Create(), output);

    public sealed class OnServerStore(ITestOutputHelper output) : ReadOnlyQuerySpec(TempServerDatabase.Create(), output);
}
