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

    [Fact]
    public void A_server_upsert_is_one_multi_row_insert_that_overwrites_every_column_outside_the_key()
    {
        var sql = SqlDialect.MySql.Upsert(ProjectedTables.Comments.Definition, [["@p0", "@p1", "@p2", "@p3", "@p4", "@p5"], ["@p6", "@p7", "@p8", "@p9", "@p10", "@p11"]]);

        Assert.Equal(
            "INSERT INTO `comments` (`rig`, `issue_id`, `id`, `author`, `text`, `created_at`) VALUES " +
            "(@p0, @p1, @p2, @p3, @p4, @p5), (@p6, @p7, @p8, @p9, @p10, @p11) " +
            "ON DUPLICATE KEY UPDATE `author` = VALUES(`author`), `text` = VALUES(`text`), `created_at` = VALUES(`created_at`)",
            sql);
    }

    [Fact]
    public void An_embedded_upsert_names_the_primary_key_as_its_conflict_target()
    {
        var sql = SqlDialect.Sqlite.Upsert(ProjectedTables.Comments.Definition, [["@p0", "@p1", "@p2", "@p3", "@p4", "@p5"]]);

        Assert.Equal(
            "INSERT INTO \"comments\" (\"rig\", \"issue_id\", \"id\", \"author\", \"text\", \"created_at\") VALUES " +
            "(@p0, @p1, @p2, @p3, @p4, @p5) ON CONFLICT (\"rig\", \"issue_id\", \"id\") DO UPDATE SET " +
            "\"author\" = excluded.\"author\", \"text\" = excluded.\"text\", \"created_at\" = excluded.\"created_at\"",
            sql);
    }

    [Fact]
    public void Upserting_a_row_that_is_all_key_keeps_the_row_as_it_is()
    {
        Assert.EndsWith("ON DUPLICATE KEY UPDATE `rig` = `rig`", SqlDialect.MySql.Upsert(ProjectedTables.Labels.Definition, [["@p0", "@p1", "@p2"]]));
        Assert.EndsWith("ON CONFLICT DO NOTHING", SqlDialect.Sqlite.Upsert(ProjectedTables.Labels.Definition, [["@p0", "@p1", "@p2"]]));
    }

    [Fact]
    public void Every_key_and_index_of_the_projected_tables_fits_the_3072_bytes_of_an_InnoDB_index_in_utf8mb4()
    {
        static int Bytes(TableDefinition table, IEnumerable<string> columns) => columns
            .Select(name => table.Columns.Single(c => c.Name == name))
            .Sum(column => column.Type switch { ColumnType.Text => column.Length * 4, ColumnType.Int32 => 4, _ => 8 });

        Assert.All(ProjectedTables.All, table =>
        {
            Assert.True(Bytes(table, table.PrimaryKey) <= 3072, $"{table.Name}'s primary key is too long");
            Assert.All(table.Indexes, index => Assert.True(Bytes(table, index.Columns) <= 3072, $"{index.Name} is too long"));
            Assert.DoesNotContain(table.Columns, c => c.Type == ColumnType.LongText && (table.PrimaryKey.Contains(c.Name)
                || table.Indexes.Any(i => i.Columns.Contains(c.Name))));
        });
    }

    [Fact]
    public void Times_are_stored_in_UTC_to_the_microsecond_as_a_DATETIME_on_a_server_and_as_sortable_text_in_SQLite()
    {
        var at = new DateTimeOffset(2026, 1, 15, 8, 30, 0, TimeSpan.FromHours(-8)).AddTicks(1_234_567);

        Assert.Equal(new DateTime(2026, 1, 15, 16, 30, 0, DateTimeKind.Utc).AddTicks(1_234_560), SqlDialect.MySql.Timestamp(at));
        Assert.Equal("2026-01-15 16:30:00.123456", SqlDialect.Sqlite.Timestamp(at));
        Assert.Contains("`created_at` DATETIME(6) NOT NULL", SqlDialect.MySql.CreateTable(ProjectedTables.Issues.Definition).Single());
    }
}
