using System.Globalization;
using System.Text;

namespace EctLifecycle.Http;

/// <summary>
/// Amounts, and the other numbers people type (jobs, points), read one way in the web forms, the import's cells and
/// text sent to the API: thousands grouped by threes with spaces (ordinary, no-break U+00A0, narrow no-break U+202F)
/// or not grouped, cents after a comma or a point, a € sign before or after. "15 000,50", "15000,5", "15000.50",
/// "15 000 €" and "15000€" all read as they look.
/// A point or a comma is only ever the decimal separator, at most one, followed by one or two digits (cents). What a
/// reader could take two ways is refused with a message showing how to write it, rather than guessed: a single point
/// or comma followed by exactly three digits ("15.000": 15 000 or 15?), several of them ("1,500,050"), both
/// ("1.500,50"). A wrong amount stored silently flows into the public share and the hybridisation pillar; a refusal
/// costs one correction.
/// </summary>
public static class AmountText
{
    /// <summary>The largest amount of one resource: a territorial hub's project never sees 100 M€ at once; above is a typo.</summary>
    public const decimal MaxEuros = 100_000_000m;

    /// <summary>What the number typed stands for, which says how to write it in the messages.</summary>
    public enum Kind
    {
        /// <summary>An amount in euros: cents after the comma.</summary>
        Amount,
        /// <summary>A quantity that is not money (jobs in FTE, tonnes…): decimals after the comma.</summary>
        Quantity,
        /// <summary>A whole number (volunteers, actors…).</summary>
        Whole,
    }

    /// <summary>How to write a number of that kind, in the messages.</summary>
    public static string HowTo(Kind kind) => kind switch
    {
        Kind.Quantity => "écrivez par exemple 2, 2,5 ou 1 200,75 (milliers séparés par des espaces, décimales après la virgule)",
        Kind.Whole => "écrivez un nombre entier, par exemple 12 ou 1 200 (milliers séparés par des espaces)",
        _ => "écrivez par exemple 15000, 15 000 ou 15 000,50 (milliers séparés par des espaces, centimes après la virgule)",
    };

    /// <summary>The number in <paramref name="typed"/>, or false with the French reason and how to write it.</summary>
    /// <param name="kind">What the number stands for: the messages say how to write that kind of number.</param>
    public static bool TryParse(string typed, out decimal value, out string problem, Kind kind = Kind.Amount)
    {
        value = 0;
        problem = "";
        var howTo = HowTo(kind);
        var cents = kind == Kind.Amount ? " (les centimes)" : "";
        var text = WithoutEuroSign(TypedText.Trim(typed));
        if (text.Length == 0) return Fail(out problem, $"aucun nombre : {howTo}");
        if (text[0] is '-' or '\u2212' or '\u2013') return Fail(out problem, "ne peut pas être négatif");

        var integer = new StringBuilder(text.Length);
        var groups = new List<int> { 0 };
        var separators = new List<char>();
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9') { integer.Append(c); groups[^1]++; }
            else if (IsGroupSpace(c) && separators.Count == 0) groups.Add(0);
            else if (c is '.' or ',') { separators.Add(c); groups.Add(0); }
            else return Fail(out problem, $"« {typed.Trim()} » n'est pas un nombre : {howTo}");
        }
        // More digits than any amount has: refused before decimal's own limit (28 digits) is reached.
        if (integer.Length > 20) return Fail(out problem, $"nombre trop grand : au plus {Format(MaxEuros)}");
        // "0,500" reads only one way (no one writes thousands after a zero): it is refused below for its third decimal.
        var zeroBefore = separators.Count == 1 && integer.Length > 3 && integer.ToString(0, integer.Length - 3).All(c => c == '0');
        if (separators.Count > 1 || (separators.Count == 1 && groups[^1] == 3 && !zeroBefore))
            return Fail(out problem, Ambiguous(typed.Trim(), integer.ToString(), groups, separators));

        var fraction = separators.Count == 1 ? groups[^1] : 0;
        var whole = groups.Take(groups.Count - (separators.Count == 1 ? 1 : 0)).ToList();
        if (whole[0] == 0 || (separators.Count == 1 && fraction == 0) || (whole.Count > 1 && (whole[0] > 3 || whole.Skip(1).Any(g => g != 3))))
            return Fail(out problem, $"« {typed.Trim()} » est mal écrit : {howTo}");
        if (fraction > 2)
            return Fail(out problem, $"au plus deux chiffres après la virgule{cents} : {howTo}");

        var digits = integer.ToString();
        var invariant = fraction == 0 ? digits : $"{digits[..^fraction]}.{digits[^fraction..].TrimEnd('0')}".TrimEnd('.');
        value = decimal.Parse(invariant, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>As the French write it: 15 000,5 (ordinary spaces, so that it reads the same in a message and a cell).</summary>
    public static string Format(decimal value) =>
        value.ToString("#,0.##", CultureInfo.InvariantCulture).Replace(',', ' ').Replace('.', ',');

    /// <summary>
    /// An amount in euros as the French write it: « 15 000 € », and with its cents when it has some, « 15 000,50 € » (never
    /// rounded to the euro: 15 000,50 typed is not shown as 15 001).
    /// </summary>
    public static string Euros(decimal value) =>
        value.ToString(decimal.Truncate(value) == value ? "#,0" : "#,0.00", CultureInfo.InvariantCulture).Replace(',', ' ').Replace('.', ',') + " €";

    private static bool IsGroupSpace(char c) => c is ' ' or '\u00A0' or '\u202F' or '\u2009';

    private static string WithoutEuroSign(string text)
    {
        foreach (var sign in EuroSigns)
            if (text.EndsWith(sign, StringComparison.OrdinalIgnoreCase)) return TypedText.Trim(text[..^sign.Length]);
        return text.StartsWith('€') ? TypedText.Trim(text[1..]) : text;
    }

    private static readonly string[] EuroSigns = ["€", "euros", "euro", "EUR"];

    /// <summary>The two readings a person could mean, in the message, so that they choose rather than the app.</summary>
    private static string Ambiguous(string typed, string digits, List<int> groups, List<char> separators)
    {
        var last = groups[^1];
        if (separators.Count == 1)
        {
            var asThousands = decimal.Parse(digits, CultureInfo.InvariantCulture);
            var asDecimals = decimal.Parse($"{digits[..^3]}.{digits[^3..]}", CultureInfo.InvariantCulture);
            return $"« {typed} » est ambigu ({Format(asThousands)} ou {Format(asDecimals)} ?) : écrivez {asThousands} ou " +
                $"{Format(asThousands)},00 pour des milliers, {asDecimals.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',')} pour des décimales";
        }
        var mixed = separators.Distinct().Count() > 1;
        // The likelier reading as an example: cents after the last mark when two digits or one follow it, else thousands.
        var meant = last is 1 or 2 && digits.Length > last
            ? $"{Format(decimal.Parse(digits[..^last], CultureInfo.InvariantCulture))},{digits[^last..]}"
            : last == 3 ? Format(decimal.Parse(digits, CultureInfo.InvariantCulture)) : "15 000,50";
        return $"« {typed} » est ambigu : {(mixed ? "points et virgules mêlés" : "plusieurs points ou virgules")} ; " +
            $"séparez les milliers par des espaces et les centimes par une virgule, par exemple {meant}";
    }

    private static bool Fail(out string problem, string message)
    {
        problem = message;
        return false;
    }
}
