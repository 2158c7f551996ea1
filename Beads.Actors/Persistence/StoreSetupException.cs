namespace Beads.Actors.Persistence;

/// <summary>The store cannot be used as it is; the message says which store, what failed and what to do about it.</summary>
public sealed class StoreSetupException(string message, Exception? cause = null) : Exception(message, cause);
