using System.Buffers;
using System.Text;

namespace Beads.Cli.Output;

/// <summary>
/// Output with the control characters of the data made visible, in caret notation (ESC as <c>^[</c>, BEL as
/// <c>^G</c>): an issue titled <c>"\e]0;owned\a"</c> must not drive the terminal that lists it. Line breaks and tabs
/// pass, and so do bd's own colour codes (ESC [ digits m, which <see cref="Terminal"/> writes whole). Data goes out
/// exactly as stored instead: JSON (whose serializer escapes control characters), JSONL and CSV are written to the
/// standard output stream itself.
/// </summary>
public sealed class VisibleControlsWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => inner.Write(IsSafe(value) ? value.ToString() : Visible(value));

    public override void Write(string? value)
    {
        if (value is not null) inner.Write(Visible(value));
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value)
    {
        Write(value);
        inner.WriteLine();
    }

    public override void Flush() => inner.Flush();

    /// <summary>The text with every control character but line breaks, tabs and colour codes in caret notation.</summary>
    public static string Visible(string text)
    {
        if (text.AsSpan().IndexOfAny(Unsafe) < 0) return text;
        var output = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\u001b' && ColourCodeLength(text, i) is > 0 and var length)
            {
                output.Append(text, i, length);
                i += length - 1;
            }
            else if (IsSafe(text[i])) output.Append(text[i]);
            else output.Append(Visible(text[i]));
        }
        return output.ToString();
    }

    private static bool IsSafe(char c) => c is '\n' or '\t' || !char.IsControl(c);

    /// <summary>The characters <see cref="IsSafe"/> refuses, searched for at once in a whole answer.</summary>
    private static readonly SearchValues<char> Unsafe =
        SearchValues.Create([.. Enumerable.Range(0, 0xa0).Select(code => (char)code).Where(c => !IsSafe(c))]);

    private static string Visible(char c) => c switch
    {
        < ' ' => $"^{(char)(c + '@')}",
        '\u007f' => "^?",
        _ => $"\\u{(int)c:x4}", // C1 controls
    };

    /// <summary>The length of an SGR sequence (ESC [ digits and semicolons m) starting at <paramref name="start"/>, or 0.</summary>
    private static int ColourCodeLength(string text, int start)
    {
        if (start + 2 >= text.Length || text[start + 1] != '[') return 0;
        for (var i = start + 2; i < text.Length; i++)
        {
            if (text[i] == 'm') return i - start + 1;
            if (!char.IsAsciiDigit(text[i]) && text[i] != ';') return 0;
        }
        return 0;
    }
}
