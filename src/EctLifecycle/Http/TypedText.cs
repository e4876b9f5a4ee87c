using System.Globalization;
using System.Text;

namespace EctLifecycle.Http;

/// <summary>
/// The one reading of a text people type, from the API, the web forms and the import's cells alike.
/// <list type="bullet">
/// <item>Refused, naming the character: NUL (PostgreSQL's jsonb cannot store it), every other control character except
/// tab and line breaks in long texts (a name, a funder, a reference is one line), and half of a UTF-16 surrogate pair
/// (not Unicode). Dropping them silently would store something else than what was sent.</item>
/// <item>Stored trimmed of spaces of every kind and of invisible characters (zero-width spaces, U+FEFF, word joiner,
/// soft hyphen, other format characters, Hangul fillers): a name made only of them is empty.</item>
/// <item>Stored in Unicode's composed form (NFC), so that an "é" pasted as e + combining accent is the same name as a
/// typed "é" when an actor leaves or a funding ends by its name.</item>
/// </list>
/// Inside the text, spaces and line breaks stay as typed (a textarea's \r\n included): the import recognises facts
/// already stored by their text, and rewriting texts the app has always kept would make it add them again.
/// </summary>
public static class TypedText
{
    /// <summary>The text as it is stored, or null with the French reason why it cannot be; "" when nothing visible is left.</summary>
    public static string? Read(string raw, bool multiline, out string? problem)
    {
        var text = Trim(raw);
        problem = Problem(text, multiline);
        if (problem is not null) return null;
        return IsComposed(text) ? text : text.Normalize(NormalizationForm.FormC);
    }

    // Every character below U+0300 (ASCII, Latin-1's é, œ...) is already composed and composes with nothing before it:
    // the import reads a million such texts, so ICU is asked only about the others.
    private static bool IsComposed(string text) =>
        text.AsSpan().IndexOfAnyInRange('\u0300', '\uffff') < 0 || text.IsNormalized(NormalizationForm.FormC);

    /// <summary>Why the text cannot be stored (a forbidden character, named with its place), or null.</summary>
    public static string? Problem(string text, bool multiline)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c))
                return $"contient une moitié isolée de caractère (U+{(int)c:X4}, au caractère {i + 1}) : ce n'est pas un texte Unicode valide";
            if (c == '\0') return $"contient un caractère nul (U+0000, au caractère {i + 1}), qui ne peut pas être enregistré : retirez-le";
            // Unicode's line and paragraph separators are line breaks too, though not control characters.
            if (!char.IsControl(c) && c is not ('\u2028' or '\u2029')) continue;
            if (c is '\n' or '\r' or '\t' or '\u2028' or '\u2029')
            {
                if (multiline) continue;
                return $"ne peut pas contenir de retour à la ligne ni de tabulation (au caractère {i + 1}) : écrivez-le sur une seule ligne";
            }
            return $"contient un caractère de contrôle invisible (U+{(int)c:X4}, au caractère {i + 1}) : retirez-le";
        }
        return null;
    }

    /// <summary>Without the spaces and invisible characters at either end (the same instance when there are none).</summary>
    public static string Trim(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsInvisible(text[start])) start++;
        while (end > start && IsInvisible(text[end - 1])) end--;
        return start == 0 && end == text.Length ? text : text[start..end];
    }

    /// <summary>True when nothing visible is left once trimmed: spaces and invisible characters only.</summary>
    public static bool IsBlank(string? text) => text is null || Trim(text).Length == 0;

    /// <summary>
    /// Spaces of every kind (no-break ones included), format characters (Unicode's Cf: zero-width space and joiners,
    /// U+FEFF, U+2060, soft hyphen, direction marks), the combining grapheme joiner, and the blank letters that are
    /// often used to make a name look empty (Hangul fillers, the blank braille pattern).
    /// </summary>
    public static bool IsInvisible(char c) =>
        char.IsWhiteSpace(c)
        || (c >= '\u00AD' && char.GetUnicodeCategory(c) == UnicodeCategory.Format)
        || c is '\u034F' or '\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u2800';
}
