using Beads.Actors.Persistence;
using Xunit;

namespace Beads.Tests.Persistence;

public sealed class SqlDialectTests
{
    private static IEnumerable<string> MySqlStatements => StoreSchema.Tables.SelectMany(SqlDialect.MySql.CreateTable);

    [Fact]
    public void The_server_DDL_declares_indexes_inside_CREATE_TABLE_because_CREATE_INDEX_IF_NOT_EXISTS_is_MariaDB_only()
    {
        Assert.All(MySqlStatements, statement =>
        {
            Assert.StartsWith("CREATE TABLE IF NOT EXISTS", statement);
            Assert.DoesNotContain("CREATE INDEX", statement);
        });
        Assert.Contains(MySqlStatements, s => s.Contains("UNIQUE KEY `journal_uq` (`persistence_id`, `sequence_number`)"));
    }

    [Fact]
    public void The_server_DDL_compares_text_byte_for_byte_and_names_no_engine()
    {
        Assert.All(MySqlStatements, statement =>
        {
            Assert.EndsWith("CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", statement);
            Assert.DoesNotContain("ENGINE", statement);
        });
    }

    [Fact]
    public void Events_and_snapshots_may_exceed_the_64_KiB_of_a_MySQL_BLOB()
    {
        var journal = SqlDialect.MySql.CreateTable(StoreSchema.Journal).Single();
        var snapshot = SqlDialect.MySql.CreateTable(StoreSchema.Snapshot).Single();

        Assert.Contains("`message` LONGBLOB NOT NULL", journal);
        Assert.Contains("`snapshot` LONGBLOB NULL", snapshot);
    }
}
