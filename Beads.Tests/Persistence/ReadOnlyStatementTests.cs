using Beads.Actors.Persistence;
using Xunit;

namespace Beads.Tests.Persistence;

public sealed class ReadOnlyStatementTests
{
    [Theory]
    [InlineData("SELECT id, title FROM issues WHERE rig = 'demo'")]
    [InlineData("  select count(*) from labels;  ")]
    [InlineData("WITH open AS (SELECT * FROM issues WHERE status = 'open') SELECT COUNT(*) FROM open")]
    [InlineData("SHOW TABLES")]
    [InlineData("DESCRIBE issues")]
    [InlineData("EXPLAIN SELECT * FROM events")]
    [InlineData("SELECT 'DELETE FROM issues; DROP TABLE journal' AS text -- ; DELETE\n")]
    [InlineData("SELECT `for`, \"update\" FROM /* ; INSERT */ issues")]
    [InlineData("SELECT 'it''s; fine', 'back\\'slash; too'")]
    public void Reading_statements_may_run(string sql) => Assert.Null(ReadOnlyStatement.Refusal(sql));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("  -- only a comment", "empty")]
    [InlineData("DELETE FROM issues", "DELETE statement")]
    [InlineData("update issues set title = 'x'", "UPDATE statement")]
    [InlineData("CALL DOLT_COMMIT('-m', 'x')", "CALL statement")]
    [InlineData("SELECT 1; DROP TABLE journal", "several statements")]
    [InlineData("SELECT * FROM issues INTO OUTFILE '/tmp/x'", "write a file")]
    [InlineData("SELECT * FROM projection_offsets FOR UPDATE", "lock rows")]
    [InlineData("SELECT * FROM issues LOCK IN SHARE MODE", "lock rows")]
    public void Anything_else_is_refused_with_the_reason(string sql, string reason) =>
        Assert.Contains(reason, ReadOnlyStatement.Refusal(sql));
}
