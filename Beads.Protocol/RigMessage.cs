namespace Beads.Protocol;

/// <summary>Anything addressed to one rig; <see cref="Rig"/> is the rig's name and its shard entity id.</summary>
public interface IRigMessage
{
    string Rig { get; }
}

/// <summary>A change to a rig, made by <see cref="Actor"/> (a person or an agent), recorded in the audit trail.</summary>
public interface IRigCommand : IRigMessage
{
    string Actor { get; }
}

/// <summary>A read, answered from the rig's in-memory state without waiting for writes in flight.</summary>
public interface IRigQuery : IRigMessage;

/// <summary>What a rig answers.</summary>
public interface IRigReply;
