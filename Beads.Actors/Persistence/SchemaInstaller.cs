using System.Data.Common;
using System.Globalization;

namespace Beads.Actors.Persistence;

/// <summary>
/// Creates our tables (<see cref="StoreSchema"/>) where they are missing and records the schema version. It runs at
/// every host start, before the actor system touches the database; every statement is idempotent, so hosts starting
/// together on one server do no harm to each other.
/// </summary>
public static class SchemaInstaller
{
    public static void Install(DbConnection connection, SqlDialect dialect, string storeName)
    {
        Run(connection, dialect.CreateTable(StoreSchema.SchemaVersion));
        var installed = InstalledVersion(connection);
        if (installed > StoreSchema.Version)
            throw new StoreSetupException(
                $"{storeName} holds schema version {installed}, written by a newer Beads; this one knows versions up to " +
                $"{StoreSchema.Version}: upgrade this host to the version the other hosts run");
        foreach (var table in StoreSchema.Tables)
            Run(connection, dialect.CreateTable(table));
        RecordVersion(connection, dialect);
    }

    private static void Run(DbConnection connection, IEnumerable<string> statements)
    {
        foreach (var statement in statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
    }

    private static long InstalledVersion(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT MAX(version) FROM {StoreSchema.SchemaVersion.Name}";
        return command.ExecuteScalar() is { } version and not DBNull ? Convert.ToInt64(version, CultureInfo.InvariantCulture) : 0;
    }

    private static void RecordVersion(DbConnection connection, SqlDialect dialect)
    {
        using var command = connection.CreateCommand();
        command.CommandText = dialect.InsertIfAbsent(StoreSchema.SchemaVersion.Name, ["version", "description", "applied_at"]);
        AddParameter(command, "version", StoreSchema.Version);
        AddParameter(command, "description", StoreSchema.VersionDescription);
        AddParameter(command, "applied_at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
