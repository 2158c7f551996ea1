using System.Data.Common;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Beads.Actors.Configuration;

namespace Beads.Tests.Support;

/// <summary>A fresh store with our tables for one test, removed when the test ends.</summary>
public abstract class TestStore : IDisposable
{
    public abstract StorageBackend Storage { get; }

    /// <summary>The actor system's configuration on this store; <paramref name="overrides"/> win over it.</summary>
    public Config Config(string overrides = "") => Storage.ActorSystemConfig(overrides);

    /// <summary>The same, on a plain local actor system: no cluster, for tests of actors and plugins on their own.</summary>
    public Config LocalConfig(string overrides = "") => Config($"""
        akka.actor.provider = local
        akka.loglevel = WARNING
        # Akka prints to stdout while its loggers start and once they stop (a test's system shutting down): that would
        # be the suite's console, not the test's output.
        akka.stdout-loglevel = OFF
        {overrides}
        """);

    /// <summary>The local configuration with the store's setups: what a test's actor system starts from.</summary>
    public ActorSystemSetup LocalSetup(string overrides = "") =>
        ActorSystemSetup.Create([BootstrapSetup.Create().WithConfig(LocalConfig(overrides)), .. Storage.ActorSystemSetups]);

    /// <summary>A plain connection to the store, for looking at what the plugins wrote.</summary>
    public abstract DbConnection OpenConnection();

    public long Scalar(string sql)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    /// <summary>The first column of every row, as numbers.</summary>
    public IReadOnlyList<long> Numbers(string sql)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var numbers = new List<long>();
        while (reader.Read()) numbers.Add(Convert.ToInt64(reader.GetValue(0)));
        return numbers;
    }

    public void Execute(string sql)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public abstract void Dispose();
}
