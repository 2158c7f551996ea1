using Akka.Actor;
using Akka.Event;
using Beads.Protocol;

namespace Beads.Actors.Rigs;

/// <summary>
/// Answers the messages that die in a rig's mailbox. A rig whose journal fails stops at once (the persistence
/// contract), and what reached its mailbox in that moment would never be answered: its senders would wait for the
/// gateway's timeout. They learn instead that nothing was done and that a retry will reach a fresh rig. Messages to a
/// rig on a node that cannot be reached also end here (remoting drops them into dead letters while the address is
/// gated); those are answered <see cref="ErrorCodes.RigUnavailable"/>, which the gateway retries.
/// </summary>
public sealed class RigDeadLetters : ReceiveActor
{
    public RigDeadLetters()
    {
        Receive<DeadLetter>(dead =>
        {
            if (dead.Message is not (IRigCommand or IRigQuery or DeliverOnce) || !IsRig(dead.Recipient)) return;
            var message = (IRigMessage)dead.Message;
            dead.Sender.Tell(dead.Recipient.Path.Address.HasGlobalScope
                ? new Rejected(ErrorCodes.RigUnavailable,
                    $"rig {message.Rig} runs on {dead.Recipient.Path.Address}, which cannot be reached (it may have died; the " +
                    "cluster then restarts the rig on another node); the message never reached it: retry")
                : new Rejected(ErrorCodes.StorageUnavailable,
                    $"rig {message.Rig} stopped before it could take this message (its storage failed); nothing was changed: retry"));
        });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new RigDeadLetters());

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(DeadLetter));

    /// <summary>A rig of the shard region (/system/sharding/rig/...) or of a standalone host (/user/rigs/...).</summary>
    private static bool IsRig(IActorRef recipient) =>
        recipient.Path.Elements.SkipWhile(element => element != "sharding").Skip(1).FirstOrDefault() == RigRegion.TypeName
        || recipient.Path.Elements is ["user", LocalRigs.Name, _];
}
