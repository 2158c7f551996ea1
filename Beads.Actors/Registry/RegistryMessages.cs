using System.Collections.Immutable;
using Beads.Protocol;

namespace Beads.Actors.Registry;

/// <summary>Everything the rig registry receives, answers or persists: all cross the cluster to its singleton.</summary>
public interface IRegistryMessage;

/// <summary>Records a rig, or confirms it when it is already recorded exactly so.</summary>
public sealed record RegisterRig(RigEntry Entry) : IRegistryMessage;

public sealed record ListRigs : IRegistryMessage
{
    public static readonly ListRigs Instance = new();
}

public sealed record RigRegistered(RigEntry Entry) : IRegistryMessage;

public sealed record RigListing(ImmutableList<RigEntry> Rigs) : IRegistryMessage;

/// <summary>The registry's refusal, with the same codes rigs use.</summary>
public sealed record RegistryRefusal(Rejected Reason) : IRegistryMessage;

/// <summary>A rig entered the directory, or its entry changed.</summary>
public sealed record RigEntryRecorded(RigEntry Entry, DateTimeOffset At) : IRegistryMessage;

/// <summary>A rig says whether it needs its home node (it writes a JSONL there) or may run anywhere.</summary>
public sealed record RequireHome(string Rig, bool Required) : IRegistryMessage;
