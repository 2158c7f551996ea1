using System.Data.Common;
using Akka.Persistence;
using Beads.Actors.Configuration;
using Beads.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Persistence;

/// <summary>
/// Our DDL against the tables Akka.Persistence.Sql creates itself (on SQLite, where its auto-initialize works): the
/// same columns, nullability, keys and indexes. A plugin upgrade that changes its tables fails here first.
/// </summary>
public sealed class PluginSchemaParitySpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly TempDatabase _ours;

    public PluginSchemaParitySpec(ITestOutputHelper output) : this(TempDatabase.Create(), output)
    {
    }

    private PluginSchemaParitySpec(TempDatabase ours, ITestOutputHelper output)
        : base(BeadsConfig.Embedded(PluginFile(ours), """
            akka.actor.provider = local
            akka.persistence.journal.sql.auto-initialize = on
            akka.persistence.snapshot-store.sql.auto-initialize = on
            """), output: output)
    {
        _ours = ours;
    }

    private static string PluginFile(TempDatabase ours) => Path.Combine(ours.Directory, "plugin.db");

    [Theory]
    [InlineData("journal")]
    [InlineData("tags")]
    [InlineData("snapshot")]
    public async Task Our_table_matches_the_one_the_plugin_creates(string table)
    {
        await StartPlugins();
        using var plugins = new SqliteConnection(EmbeddedStore.ConnectionString(PluginFile(_ours)));
        plugins.Open();
        using var ours = _ours.OpenConnection();

        Assert.Equal(Describe(plugins, table), Describe(ours, table));
    }

    /// <summary>Both plugins create their tables when they start, before they answer their first request.</summary>
    private async Task StartPlugins()
    {
        var persistence = Akka.Persistence.Persistence.Instance.Apply(Sys);
        persistence.JournalFor(null).Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, "rig-any", TestActor), TestActor);
        await ExpectMsgAsync<RecoverySuccess>(Timeout);
        persistence.SnapshotStoreFor(null).Tell(new LoadSnapshot("rig-any", SnapshotSelectionCriteria.Latest, long.MaxValue), TestActor);
        await ExpectMsgAsync<LoadSnapshotResult>(Timeout);
    }

    /// <summary>Columns (name, NOT NULL, place in the primary key) and created indexes (name, unique, columns).</summary>
    private static List<string> Describe(DbConnection connection, string table)
    {
        var columns = Rows(connection, $"""SELECT name, "notnull", pk FROM pragma_table_info('{table}') ORDER BY name""")
            .Select(r => $"column {r[0]} notnull={r[1]} pk={r[2]}");
        var indexes = Rows(connection, $"""SELECT name, "unique" FROM pragma_index_list('{table}') WHERE origin = 'c' ORDER BY name""")
            .Select(r => $"index {r[0]} unique={r[1]} on " + string.Join(",",
                Rows(connection, $"SELECT name FROM pragma_index_info('{r[0]}') ORDER BY seqno").Select(c => c[0])));
        var description = columns.Concat(indexes).ToList();
        Assert.NotEmpty(description);
        return description;
    }

    private static List<object[]> Rows(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _ours.Dispose();
    }
}
