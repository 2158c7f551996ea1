using System.Text;

namespace Beads.Actors.Persistence;

/// <summary>
/// Decides whether <c>bd sql</c> may run a statement: one statement, of a kind that reads (SELECT, WITH, SHOW,
/// DESCRIBE, EXPLAIN), that neither writes a file on the server nor locks rows. It looks at the statement's words
/// outside string literals, quoted names and comments. The query then also runs in a read-only transaction (server)
/// or on a read-only connection (embedded), so a write that got past these words is still refused by the database.
/// </summary>
public static class ReadOnlyStatement
{
    private static readonly string[] ReadingKinds = ["SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN"];

    private static readonly (string[] Words, string Why)[] Refused =
    [
        (["INTO", "OUTFILE"], "it would write a file on the database server"),
        (["INTO", "DUMPFILE"], "it would write a file on the database server"),
        (["FOR", "UPDATE"], "it would lock rows the rigs' writers need"),
        (["LOCK", "IN", "SHARE", "MODE"], "it would lock rows the rigs' writers need"),
    ];

    /// <summary>Why the statement may not run, or null when it may.</summary>
    public static string? Refusal(string sql)
    {
        var words = Words(sql, out var statements);
        if (words.Count == 0) return "the query is empty: give one SELECT statement";
        if (statements > 1) return "it holds several statements: run one at a time";
        if (!ReadingKinds.Contains(words[0]))
            return $"it is a {words[0]} statement: bd sql only reads (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN); change issues with bd's own commands";
        foreach (var (refused, why) in Refused)
        {
            for (var start = 0; start + refused.Length <= words.Count; start++)
            {
                if (refused.Select((word, n) => words[start + n] == word).All(same => same)) return why;
            }
        }
        return null;
    }

    /// <summary>The statement's words in upper case, outside literals and comments, and how many statements it holds.</summary>
    private static List<string> Words(string sql, out int statements)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        statements = 0;
        var inStatement = false;
        void EndWord()
        {
            if (word.Length == 0) return;
            words.Add(word.ToString().ToUpperInvariant());
            word.Clear();
        }
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (c is '\'' or '"' or '`')
            {
                EndWord();
                i = ClosingQuote(sql, i);
            }
            else if (c == '-' && At(sql, i + 1, '-') || c == '#')
            {
                EndWord();
                while (i < sql.Length && sql[i] != '\n') i++;
                continue;
            }
            else if (c == '/' && At(sql, i + 1, '*'))
            {
                EndWord();
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 1;
                continue;
            }
            else if (c == ';')
            {
                EndWord();
                inStatement = false;
                continue;
            }
            else if (char.IsLetterOrDigit(c) || c == '_')
            {
                word.Append(c);
            }
            else
            {
                EndWord();
            }
            if (!char.IsWhiteSpace(c) && !inStatement)
            {
                inStatement = true;
                statements++;
            }
        }
        EndWord();
        return words;
    }

    private static bool At(string text, int index, char c) => index < text.Length && text[index] == c;

    /// <summary>The index of the quote that closes the one at <paramref name="open"/>; doubled quotes and backslashes escape.</summary>
    private static int ClosingQuote(string sql, int open)
    {
        var quote = sql[open];
        for (var i = open + 1; i < sql.Length; i++)
        {
            if (sql[i] == '\\' && quote != '`') i++;
            else if (sql[i] == quote && At(sql, i + 1, quote)) i++;
            else if (sql[i] == quote) return i;
        }
        return sql.Length;
    }
}
