using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Beads.Protocol;
using static Beads.Actors.Domain.Vocabulary;

namespace Beads.Actors.Domain;

/// <summary>
/// beads' <c>bd query</c> language: comparisons <c>field=value</c> (also <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>,
/// <c>&gt;</c>, <c>&gt;=</c>; <c>a,b</c> for any of several values) joined by AND, OR and NOT (any case; NOT binds
/// tightest, then AND, then OR) and grouped by parentheses. Values are words, numbers, quoted text, dates
/// (2026-01-15, RFC 3339, today, yesterday, tomorrow) or ages (7d, 24h, 2w, 30m: that long ago). A mistake is refused
/// with the position (from 1) where it stands, so nothing is guessed.
/// </summary>
public static partial class IssueQueryLanguage
{
    /// <summary>A parsed query.</summary>
    public abstract record Expression;

    public sealed record Comparison(string Field, string Operator, ImmutableList<string> Values, int Position) : Expression;

    public sealed record Both(Expression Left, Expression Right) : Expression;

    public sealed record Either(Expression Left, Expression Right) : Expression;

    public sealed record Not(Expression Operand) : Expression;

    private static readonly ImmutableArray<string> TextFields = ["title", "description", "notes"];
    private static readonly ImmutableArray<string> PersonFields = ["assignee", "owner"];
    private static readonly ImmutableArray<string> DateFields = ["created", "updated", "started", "closed"];
    private static readonly ImmutableArray<string> FlagFields = ["pinned", "ephemeral", "template"];
    private static readonly ImmutableArray<string> PatternFields = ["id", "spec"];
    private static readonly ImmutableArray<string> ExactFields = ["status", "type", "label", "parent", "mol_type"];

    public static readonly ImmutableArray<string> Fields =
        [.. ExactFields, "priority", .. PersonFields, .. TextFields, .. DateFields, .. PatternFields, .. FlagFields];

    private static readonly ImmutableArray<string> EqualityOnly = ["=", "!="];

    /// <summary>The query, checked against the rig's own statuses and types; a refusal says what is wrong and where.</summary>
    public static Result<Expression> Parse(RigState state, string text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text)) return Refuse("the query is empty: give an expression such as \"status=open AND priority<2\"");
        var tokens = Tokens(text);
        if (!tokens.IsOk) return tokens.Error!;
        var parser = new Parser(tokens.Value);
        var parsed = parser.Either();
        if (!parsed.IsOk) return parsed.Error!;
        if (parser.Peek is { Kind: not TokenKind.End } extra)
            return Refuse($"unexpected '{extra.Text}' at position {extra.Position}: join conditions with AND or OR");
        var invalid = Check(state, parsed.Value, now);
        return invalid ?? parsed;
    }

    /// <summary>Whether the query says anything about status: then closed issues are not left out by default.</summary>
    public static bool NamesStatus(Expression expression) => expression switch
    {
        Comparison c => c.Field == "status",
        Both b => NamesStatus(b.Left) || NamesStatus(b.Right),
        Either e => NamesStatus(e.Left) || NamesStatus(e.Right),
        Not n => NamesStatus(n.Operand),
        _ => false,
    };

    public static bool Matches(RigState state, Expression expression, Issue issue, DateTimeOffset now) => expression switch
    {
        Both b => Matches(state, b.Left, issue, now) && Matches(state, b.Right, issue, now),
        Either e => Matches(state, e.Left, issue, now) || Matches(state, e.Right, issue, now),
        Not n => !Matches(state, n.Operand, issue, now),
        Comparison c => c.Operator == "!="
            ? !c.Values.Any(value => Holds(state, c with { Operator = "=" }, value, issue, now))
            : c.Values.Any(value => Holds(state, c, value, issue, now)),
        _ => false,
    };

    private static bool Holds(RigState state, Comparison c, string value, Issue issue, DateTimeOffset now) => c.Field switch
    {
        "status" => issue.Status == Canonical(IssueValidation.Status(state, value), value),
        "type" => issue.IssueType == Types.Normalize(value),
        "label" => IsNone(value) ? issue.Labels.IsEmpty : issue.Labels.Contains(value),
        "parent" => state.ParentOf(issue) is { } parent && (parent == value || IdResolution.Resolve(state, value) is { IsOk: true } id && id.Value == parent),
        "mol_type" => ExtraText(issue, "mol_type") == value,
        "priority" => Compare(issue.Priority.CompareTo(IssueValidation.Priority(value).Value), c.Operator),
        "assignee" => IsNone(value) ? string.IsNullOrEmpty(issue.Assignee) : issue.Assignee == value,
        "owner" => IsNone(value) ? string.IsNullOrEmpty(issue.Owner) : issue.Owner == value,
        "title" => Contains(issue.Title, value),
        "description" => IsNone(value) ? string.IsNullOrEmpty(issue.Description) : Contains(issue.Description, value),
        "notes" => IsNone(value) ? string.IsNullOrEmpty(issue.Notes) : Contains(issue.Notes, value),
        "created" => CompareTime(issue.CreatedAt, value, c.Operator, now),
        "updated" => CompareTime(issue.UpdatedAt, value, c.Operator, now),
        "started" => CompareTime(issue.StartedAt, value, c.Operator, now),
        "closed" => CompareTime(issue.ClosedAt, value, c.Operator, now),
        "id" => Glob(value).IsMatch(issue.Id),
        "spec" => ExtraText(issue, "spec_id") is { } spec && Glob(value).IsMatch(spec),
        "pinned" => (issue.Status == Statuses.Pinned || IssueFlags.Has(issue, IssueFlags.Pinned)) == Flag(value),
        "ephemeral" => IssueFlags.IsEphemeral(issue) == Flag(value),
        "template" => IssueFlags.Has(issue, "is_template") == Flag(value),
        _ => false,
    };

    /// <summary>Every field, operator and value of the query, checked once so that evaluating it cannot fail.</summary>
    private static Result<Expression>? Check(RigState state, Expression expression, DateTimeOffset now)
    {
        switch (expression)
        {
            case Both b: return Check(state, b.Left, now) ?? Check(state, b.Right, now);
            case Either e: return Check(state, e.Left, now) ?? Check(state, e.Right, now);
            case Not n: return Check(state, n.Operand, now);
        }
        var c = (Comparison)expression;
        var at = $"at position {c.Position}";
        if (!Fields.Contains(c.Field))
            return Refuse($"unknown field '{c.Field}' {at}: the fields are {string.Join(", ", Fields)}");
        var ordered = c.Field == "priority" || DateFields.Contains(c.Field);
        if (!ordered && !EqualityOnly.Contains(c.Operator))
            return Refuse($"'{c.Field}{c.Operator}' {at}: {c.Field} takes only = and !=");
        foreach (var value in c.Values)
        {
            var problem = c.Field switch
            {
                "status" => IssueValidation.Status(state, value).Error?.Message,
                "type" => IssueValidation.Type(state, value).Error?.Message,
                "priority" => IssueValidation.Priority(value).Error?.Message,
                _ when DateFields.Contains(c.Field) => When(value, now) is null
                    ? $"'{value}' is not a date: use 2026-01-15, RFC 3339, today, yesterday, tomorrow, or an age such as 7d, 24h, 2w"
                    : null,
                _ when FlagFields.Contains(c.Field) => value.ToLowerInvariant() is "true" or "false" or "yes" or "no" or "1" or "0"
                    ? null
                    : $"'{value}' is not true or false",
                _ => null,
            };
            if (problem is not null) return Refuse($"{c.Field} {at}: {problem}");
        }
        return null;
    }

    private static string Canonical(Result<string> checkedValue, string value) => checkedValue.IsOk ? checkedValue.Value : value;

    private static bool IsNone(string value) => value.Equals("none", StringComparison.OrdinalIgnoreCase);

    private static bool Flag(string value) => value.ToLowerInvariant() is "true" or "yes" or "1";

    private static bool Contains(string? text, string value) => text?.Contains(value, StringComparison.OrdinalIgnoreCase) == true;

    private static string? ExtraText(Issue issue, string name) =>
        issue.Extra?.TryGetValue(name, out var value) == true && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;

    private static bool Compare(int order, string op) => op switch
    {
        "=" => order == 0,
        "<" => order < 0,
        "<=" => order <= 0,
        ">" => order > 0,
        ">=" => order >= 0,
        _ => false,
    };

    /// <summary>A date with a time of day compares as that instant; a bare date, or a day name, as that whole day.</summary>
    private static bool CompareTime(DateTimeOffset? at, string value, string op, DateTimeOffset now)
    {
        if (at is not { } time || When(value, now) is not var (start, end)) return false;
        return op switch
        {
            "=" => time >= start && time < end,
            "<" => time < start,
            "<=" => time < end,
            ">" => time >= end,
            ">=" => time >= start,
            _ => false,
        };
    }

    /// <summary>The span a date value stands for: a day for a date or day name, an instant (start = end) otherwise.</summary>
    private static (DateTimeOffset Start, DateTimeOffset End)? When(string value, DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        switch (value.ToLowerInvariant())
        {
            case "today": return (today, today.AddDays(1));
            case "yesterday": return (today.AddDays(-1), today);
            case "tomorrow": return (today.AddDays(1), today.AddDays(2));
            case "now": return (now, now);
        }
        if (Age().Match(value) is { Success: true } age)
        {
            var amount = int.Parse(age.Groups[1].Value, CultureInfo.InvariantCulture);
            var ago = age.Groups[2].Value switch
            {
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                "d" => TimeSpan.FromDays(amount),
                _ => TimeSpan.FromDays(7 * amount),
            };
            return (now - ago, now - ago);
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return (start, start.AddDays(1));
        }
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? (instant, instant)
            : null;
    }

    private static Regex Glob(string pattern) =>
        new($"^{Regex.Escape(pattern).Replace(@"\*", ".*")}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    [GeneratedRegex("^([0-9]{1,6})([mhdw])$")]
    private static partial Regex Age();

    private static Rejected Refuse(string message) => new(ErrorCodes.InvalidArgument, $"query: {message}");

    private enum TokenKind { Word, Operator, And, Or, Not, Open, Close, Comma, End }

    private sealed record Token(TokenKind Kind, string Text, int Position);

    private static Result<ImmutableList<Token>> Tokens(string text)
    {
        var tokens = ImmutableList.CreateBuilder<Token>();
        var index = 0;
        while (index < text.Length)
        {
            var c = text[index];
            var position = index + 1;
            if (char.IsWhiteSpace(c))
            {
                index++;
                continue;
            }
            if (c is '(' or ')' or ',')
            {
                tokens.Add(new Token(c == '(' ? TokenKind.Open : c == ')' ? TokenKind.Close : TokenKind.Comma, c.ToString(), position));
                index++;
                continue;
            }
            if (c is '=' or '!' or '<' or '>')
            {
                var op = index + 1 < text.Length && text[index + 1] == '=' ? text.Substring(index, 2) : c.ToString();
                if (op == "!") return Refuse($"'!' at position {position} must be followed by '=' (!=); NOT negates a condition");
                tokens.Add(new Token(TokenKind.Operator, op, position));
                index += op.Length;
                continue;
            }
            if (c is '"' or '\'')
            {
                var end = text.IndexOf(c, index + 1);
                if (end < 0) return Refuse($"the quote at position {position} is never closed");
                tokens.Add(new Token(TokenKind.Word, text[(index + 1)..end], position));
                index = end + 1;
                continue;
            }
            var word = new StringBuilder();
            while (index < text.Length && !char.IsWhiteSpace(text[index]) && text[index] is not ('(' or ')' or ',' or '=' or '!' or '<' or '>' or '"' or '\''))
                word.Append(text[index++]);
            var kind = word.ToString().ToUpperInvariant() switch
            {
                "AND" => TokenKind.And,
                "OR" => TokenKind.Or,
                "NOT" => TokenKind.Not,
                _ => TokenKind.Word,
            };
            tokens.Add(new Token(kind, word.ToString(), position));
        }
        tokens.Add(new Token(TokenKind.End, "the end", text.Length + 1));
        return tokens.ToImmutable();
    }

    /// <summary>Recursive descent over the tokens: either := both (OR both)*, both := unary (AND unary)*, unary := NOT unary | (either) | comparison.</summary>
    private sealed class Parser(ImmutableList<Token> tokens)
    {
        private int _next;

        public Token Peek => tokens[_next];

        public Result<Expression> Either()
        {
            var left = Both();
            while (left.IsOk && Peek.Kind == TokenKind.Or)
            {
                _next++;
                var right = Both();
                if (!right.IsOk) return right;
                left = new Either(left.Value, right.Value);
            }
            return left;
        }

        private Result<Expression> Both()
        {
            var left = Unary();
            while (left.IsOk && Peek.Kind == TokenKind.And)
            {
                _next++;
                var right = Unary();
                if (!right.IsOk) return right;
                left = new Both(left.Value, right.Value);
            }
            return left;
        }

        private Result<Expression> Unary()
        {
            var token = tokens[_next++];
            switch (token.Kind)
            {
                case TokenKind.Not:
                    var operand = Unary();
                    return operand.IsOk ? new Not(operand.Value) : operand;
                case TokenKind.Open:
                    var inner = Either();
                    if (!inner.IsOk) return inner;
                    if (Peek.Kind != TokenKind.Close)
                        return Refuse($"expected ')' at position {Peek.Position} to close the '(' at position {token.Position}");
                    _next++;
                    return inner;
                case TokenKind.Word:
                    return Comparison(token);
                default:
                    return Refuse($"expected a condition such as status=open at position {token.Position}, found {Describe(token)}");
            }
        }

        private Result<Expression> Comparison(Token field)
        {
            var op = tokens[_next++];
            if (op.Kind != TokenKind.Operator)
                return Refuse($"expected =, !=, <, <=, > or >= after '{field.Text}' at position {op.Position}, found {Describe(op)}");
            var values = ImmutableList.CreateBuilder<string>();
            while (true)
            {
                var value = tokens[_next++];
                if (value.Kind != TokenKind.Word) // a value that is a keyword is quoted: title="and"
                    return Refuse($"expected a value after '{field.Text}{op.Text}' at position {value.Position}, found {Describe(value)}");
                values.Add(value.Text);
                if (Peek.Kind != TokenKind.Comma) break;
                _next++;
            }
            return new Comparison(field.Text.ToLowerInvariant(), op.Text, values.ToImmutable(), field.Position);
        }

        private static string Describe(Token token) => token.Kind == TokenKind.End ? "the end of the query" : $"'{token.Text}'";
    }
}
