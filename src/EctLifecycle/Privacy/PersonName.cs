using System.Globalization;
using System.Text;
using EctLifecycle.Http;

namespace EctLifecycle.Privacy;

/// <summary>
/// The name of a person to erase, as it is found in texts: whole words only (erasing « Paul » leaves « Paulette »),
/// whatever the case and the accents (« helene DUPONT » is « Hélène Dupont », French collation), its words separated by
/// any run of spaces, its words in the order typed or the reverse (« DUPONT Hélène »). A name has at least <see cref="MinLetters"/> letters, so that a stray initial cannot rewrite
/// every text.
/// </summary>
public sealed class PersonName
{
    public const int MinLetters = 3;
    private const CompareOptions Loose = CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace;
    private static readonly CompareInfo French = CultureInfo.GetCultureInfo("fr-FR").CompareInfo;

    // The name's words as typed and, for a name of several words, in the reverse order too (« Dupont Hélène », the order
    // of French paperwork, is the same person as « Hélène Dupont »).
    private readonly string[][] _orders;

    private PersonName(string text)
    {
        Text = text;
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        _orders = words.Length > 1 ? [words, [.. words.Reverse()]] : [words];
    }

    /// <summary>The name as typed, trimmed and composed.</summary>
    public string Text { get; }

    /// <summary>The name, or null with the French reason why it cannot be one.</summary>
    public static PersonName? Read(string? raw, out string? problem)
    {
        problem = null;
        var text = raw is null ? null : TypedText.Read(raw, multiline: false, out problem);
        if (problem is not null) return null;
        if (string.IsNullOrEmpty(text)) problem = "le nom de la personne est obligatoire";
        else if (text.Count(char.IsLetter) < MinLetters)
            problem = $"le nom doit compter au moins {MinLetters} lettres, pour ne pas effacer des morceaux d'autres mots";
        return problem is null ? new PersonName(text!) : null;
    }

    /// <summary>Whether <paramref name="text"/> names the person.</summary>
    public bool IsIn(string? text) => text is not null && Next(text, 0) is not null;

    /// <summary>The text with every mention of the person replaced by <paramref name="pseudonym"/> (the same instance when there is none).</summary>
    public string ReplaceIn(string text, string pseudonym) => ReplaceIn(text, _ => pseudonym);

    /// <summary>
    /// The text with every mention of the person replaced by what <paramref name="pseudonym"/> gives for the mention as
    /// written (the same instance when there is none).
    /// </summary>
    public string ReplaceIn(string text, Func<string, string> pseudonym)
    {
        if (Next(text, 0) is not { } match) return text;
        var result = new StringBuilder(text.Length);
        var at = 0;
        while (true)
        {
            result.Append(text, at, match.Start - at).Append(pseudonym(text[match.Start..match.End]));
            at = match.End;
            if (Next(text, at) is not { } next) break;
            match = next;
        }
        return result.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>The first mention, in either order of the words, starting at or after <paramref name="from"/>, as [Start, End).</summary>
    private (int Start, int End)? Next(string text, int from)
    {
        (int Start, int End)? first = null;
        foreach (var words in _orders)
            if (Next(text, from, words) is { } found && (first is null || found.Start < first.Value.Start)) first = found;
        return first;
    }

    private static (int Start, int End)? Next(string text, int from, string[] words)
    {
        // ICU's search for the first word, once per text that has none (nearly every text), then the whole name there.
        while (from < text.Length)
        {
            var found = French.IndexOf(text.AsSpan(from), words[0], Loose, out _);
            if (found < 0) return null;
            var start = from + found;
            if ((start == 0 || !IsWordChar(text[start - 1])) && MatchAt(text, start, words) is { } end) return (start, end);
            from = start + 1;
        }
        return null;
    }

    /// <summary>Where the name ends if it begins at <paramref name="start"/>, its last word ending a word; else null.</summary>
    private static int? MatchAt(string text, int start, string[] words)
    {
        var at = start;
        for (var w = 0; w < words.Length; w++)
        {
            if (w > 0)
            {
                var spaces = at;
                while (at < text.Length && char.IsWhiteSpace(text[at])) at++;
                if (at == spaces) return null;
            }
            if (!French.IsPrefix(text.AsSpan(at), words[w], Loose, out var length) || length == 0) return null;
            at += length;
        }
        return at < text.Length && IsWordChar(text[at]) ? null : at;
    }

    // A letter, a digit, or an accent combining with the letter before it: part of a word.
    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
