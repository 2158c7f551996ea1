using System.Data.Common;
using Akka.Actor.Setup;
using Akka.Configuration;
using Beads.Actors.Dolt;
using Microsoft.Data.Sqlite;
using MySqlConnector;

namespace Beads.Actors.Configuration;

/// <summary>Where a host keeps its journal and snapshots: the embedded SQLite file, or a MySQL-protocol server.</summary>
public abstract record StorageBackend
{
    /// <summary>The environment variable whose connection string moves the store to a server, winning over HOCON.</summary>
    public const string ServerVariable = "BEADS_DB";

    /// <summary>The HOCON setting that does the same.</summary>
    public const string ServerSetting = "beads.storage.connection-string";

    /// <summary>
    /// Gets the database ready for the actor system: creates what is missing (folder, database, our tables) and fails
    /// with a <see cref="Persistence.StoreSetupException"/> that says what to do when the store cannot be used.
    /// </summary>
    public abstract void Prepare();

    /// <summary>The actor system's configuration on this store; <paramref name="overrides"/> win over it.</summary>
    public abstract Config ActorSystemConfig(string overrides = "");

    /// <summary>What the actor system needs beside its configuration to use this store (plugin connection setups).</summary>
    public virtual IReadOnlyList<Setup> ActorSystemSetups => [];

    /// <summary>Which store this is, for people (no password): the health endpoint and `bd where` show it.</summary>
    public abstract string Description { get; }

    /// <summary>Dolt commits of the store's tables; on a store that is not a Dolt server every call is skipped.</summary>
    public abstract IDoltSync Dolt { get; }

    /// <summary>An open connection on which the database itself refuses every write (for <c>bd sql</c>).</summary>
    public abstract Task<DbConnection> OpenReadOnlyAsync(CancellationToken cancellation);

    /// <summary>The server named by <see cref="ServerVariable"/>, else by <see cref="ServerSetting"/>, else the embedded file.</summary>
    public static StorageBackend Select(string databaseFile, string? serverFromEnvironment, Config config)
    {
        if (!string.IsNullOrWhiteSpace(serverFromEnvironment))
            return new Server(serverFromEnvironment, ServerVariable);
        var configured = config.GetString(ServerSetting, "");
        return string.IsNullOrWhiteSpace(configured) ? new Embedded(databaseFile) : new Server(configured, ServerSetting);
    }

    public sealed record Embedded(string DatabaseFile) : StorageBackend
    {
        public override void Prepare() => EmbeddedStore.Prepare(DatabaseFile);

        public override Config ActorSystemConfig(string overrides = "") => BeadsConfig.Embedded(DatabaseFile, overrides);

        public override IReadOnlyList<Setup> ActorSystemSetups => [EmbeddedStore.PluginSetup(DatabaseFile)];

        public override string Description => $"embedded sqlite {DatabaseFile}";

        public override IDoltSync Dolt => new NotADoltStore($"the embedded store {DatabaseFile}");

        public override async Task<DbConnection> OpenReadOnlyAsync(CancellationToken cancellation)
        {
            var settings = new SqliteConnectionStringBuilder(EmbeddedStore.ConnectionString(DatabaseFile)) { Mode = SqliteOpenMode.ReadOnly };
            var connection = new SqliteConnection(settings.ConnectionString);
            await connection.OpenAsync(cancellation);
            return connection;
        }
    }

    /// <param name="Origin">Where the connection string came from, so that errors can say what to fix.</param>
    public sealed record Server(string ConnectionString, string Origin) : StorageBackend
    {
        public override void Prepare() => ServerStore.Prepare(ConnectionString, Origin);

        public override Config ActorSystemConfig(string overrides = "") => BeadsConfig.Server(ConnectionString, overrides);

        public override string Description => $"{ServerStore.Describe(ConnectionString)} (from {Origin})";

        public override IDoltSync Dolt => new DoltSync(ServerStore.ConnectionString(ConnectionString, Origin), ServerStore.Describe(ConnectionString));

        public override async Task<DbConnection> OpenReadOnlyAsync(CancellationToken cancellation)
        {
            var connection = new MySqlConnection(ServerStore.ConnectionString(ConnectionString, Origin));
            try
            {
                await connection.OpenAsync(cancellation);
                // Every transaction of this session, single statements included, is read-only; the pool resets it.
                await using var readOnly = new MySqlCommand("SET SESSION TRANSACTION READ ONLY", connection);
                await readOnly.ExecuteNonQueryAsync(cancellation);
                return connection;
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        // The connection string may hold a password.
        public override string ToString() => $"{nameof(Server)} from {Origin}";
    }
}
