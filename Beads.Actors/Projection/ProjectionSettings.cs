using Akka.Configuration;
using Beads.Actors.Persistence;

namespace Beads.Actors.Projection;

/// <summary>How a rig's writers reach the tables and how hard they push, from the <c>beads.projection</c> HOCON section.</summary>
/// <param name="ConnectionString">The store's database; the host sets it from the store it chose.</param>
/// <param name="MaxBatch">Events one writer puts into one transaction at most.</param>
/// <param name="BatchDelay">How long an event may wait for others to share its transaction; zero writes at once.</param>
/// <param name="MaxBacklog">Events the writers may lag behind the journal before the rig holds new commands back.</param>
/// <param name="MaxIntakeWait">How long a held-back command waits for the writers before it is refused.</param>
/// <param name="MinRetryBackoff">The first pause before a failed write is tried again; it doubles with each failure.</param>
/// <param name="MaxRetryBackoff">The longest pause between tries.</param>
/// <param name="DrainTimeout">How long a stopping rig waits for its writers to finish.</param>
/// <param name="CommandTimeout">How long one transaction may take before it counts as failed.</param>
public sealed record ProjectionSettings(
    string ConnectionString,
    SqlDialect Dialect,
    int MaxBatch,
    TimeSpan BatchDelay,
    int MaxBacklog,
    TimeSpan MaxIntakeWait,
    TimeSpan MinRetryBackoff,
    TimeSpan MaxRetryBackoff,
    TimeSpan DrainTimeout,
    TimeSpan CommandTimeout)
{
    public const string Section = "beads.projection";

    public static ProjectionSettings From(Config config)
    {
        var section = config.GetConfig(Section)
                      ?? throw new ConfigurationException($"the HOCON section {Section} is missing: rebuild, which copies hocon/*.conf beside the binaries");
        var connectionString = section.GetString("connection-string", "");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ConfigurationException($"{Section}.connection-string is empty: the host sets it from its store (BeadsConfig)");
        return new ProjectionSettings(
            connectionString,
            DialectNamed(section.GetString("dialect", "")),
            Positive(section, "max-batch"),
            section.GetTimeSpan("batch-delay"),
            Positive(section, "max-backlog"),
            section.GetTimeSpan("max-intake-wait"),
            section.GetTimeSpan("min-retry-backoff"),
            section.GetTimeSpan("max-retry-backoff"),
            section.GetTimeSpan("drain-timeout"),
            section.GetTimeSpan("command-timeout"));
    }

    /// <summary>The pause before try number <paramref name="failures"/> + 1: doubling from the minimum, capped.</summary>
    public TimeSpan RetryBackoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryBackoff.Ticks, MinRetryBackoff.Ticks << Math.Min(failures - 1, 20)));

    private static SqlDialect DialectNamed(string name) => name switch
    {
        SqliteDialectName => SqlDialect.Sqlite,
        MySqlDialectName => SqlDialect.MySql,
        _ => throw new ConfigurationException($"{Section}.dialect is '{name}': it must be {SqliteDialectName} or {MySqlDialectName}"),
    };

    public const string SqliteDialectName = "sqlite";
    public const string MySqlDialectName = "mysql";

    private static int Positive(Config section, string key)
    {
        var value = section.GetInt(key);
        return value > 0 ? value : throw new ConfigurationException($"{Section}.{key} is {value}: it must be at least 1");
    }
}
