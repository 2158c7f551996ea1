using Akka.Actor;
using Beads.Actors.Domain;

namespace Beads.Actors.Projection;

// Messages between a rig, its ProjectionCoordinator and the coordinator's WriterActors. All stay on one node (the rig's children
// live where the rig lives), so none is serialised.

/// <summary>The rig has recovered to <paramref name="LastSequenceNr"/>: bring the tables up to it from the journal.</summary>
public sealed record CatchUp(long LastSequenceNr, RigState State);

/// <summary>The writers lag the journal by more than the bound: the rig holds new commands back.</summary>
public sealed record ProjectionBehind(int Backlog) : INotInfluenceReceiveTimeout;

/// <summary>The writers are back under the bound: the rig takes commands again.</summary>
public sealed record ProjectionCaughtUp : INotInfluenceReceiveTimeout
{
    public static readonly ProjectionCaughtUp Instance = new();
}

/// <summary>The rig is stopping: write everything queued, then answer <see cref="ProjectionDrained"/>.</summary>
public sealed record DrainProjection
{
    public static readonly DrainProjection Instance = new();
}

public sealed record ProjectionDrained
{
    public static readonly ProjectionDrained Instance = new();
}

/// <summary>A writer committed its batch number <paramref name="Batch"/>.</summary>
public sealed record BatchWritten(int Writer, long Batch);

/// <summary>A writer failed and was restarted; the batch it held is to be written again.</summary>
public sealed record WriterRestarted(int Writer, Exception Cause);
