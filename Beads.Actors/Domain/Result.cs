using Beads.Protocol;

namespace Beads.Actors.Domain;

/// <summary>A value, or the refusal that explains why there is none.</summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    public Result(T value) { _value = value; Error = null; }
    public Result(Rejected error) { _value = default; Error = error; }

    public Rejected? Error { get; }
    public bool IsOk => Error is null;
    public T Value => IsOk ? _value! : throw new InvalidOperationException($"no value: {Error!.Message}");

    public static implicit operator Result<T>(T value) => new(value);
    public static implicit operator Result<T>(Rejected error) => new(error);
}
