namespace EctLifecycle.Http;

/// <summary>
/// The one date parser, read without the culture machinery of <c>DateOnly.TryParseExact</c> (which an import of half a
/// million rows paid several seconds for). The API and query strings take ISO <c>YYYY-MM-DD</c> exactly
/// (<see cref="TryParseIso"/>); what people type in the forms and the spreadsheet's cells is read more kindly
/// (<see cref="TryParseTyped"/>). Only real calendar dates are accepted.
/// </summary>
public static class DateText
{
    /// <summary>Exactly <c>YYYY-MM-DD</c>.</summary>
    public static bool TryParseIso(ReadOnlySpan<char> s, out DateOnly date)
    {
        date = default;
        return s.Length == 10 && s[4] == '-' && s[7] == '-'
            && Digits(s[..4], out var y) && Digits(s.Slice(5, 2), out var m) && Digits(s.Slice(8, 2), out var d)
            && Make(y, m, d, out date);
    }

    /// <summary><c>JJ/MM/AAAA</c>, day and month of one or two digits.</summary>
    public static bool TryParseDayFirst(ReadOnlySpan<char> s, out DateOnly date)
    {
        date = default;
        return DayFirst(s, out var year, out var month, out var day) && Make(year, month, day, out date);
    }

    /// <summary>
    /// A date as a person types it or a spreadsheet gives it: ISO with month and day of one or two digits
    /// (<c>2018-3-1</c>), or day first (<c>1/3/2018</c> is 1 March, as in France); spaces and invisible characters
    /// around it are ignored (a pasted no-break space), and so is a time of day after it (a spreadsheet's date cell
    /// carries midnight). Anything else after the date is not a date.
    /// </summary>
    public static bool TryParseTyped(string text, out DateOnly date)
    {
        var s = TypedText.Trim(text).AsSpan();
        if (s.IndexOfAny(' ', 'T') is var cut and >= 0)
        {
            if (!IsTimeOfDay(s[(cut + 1)..])) { date = default; return false; }
            s = s[..cut];
        }
        return TryParseYearFirst(s, out date) || TryParseDayFirst(s, out date);
    }

    /// <summary>
    /// Why a text written as a date (year first or day first, in digits) is none, in French, when its day or its month does
    /// not exist (« le 31/02/2021 n'existe pas : février 2021 a 28 jours »); null for any other text.
    /// </summary>
    public static string? NoSuchDay(string? text)
    {
        var s = TypedText.Trim(text ?? "").AsSpan();
        if (!(YearFirst(s, out var year, out var month, out var day) || DayFirst(s, out year, out month, out day)) || year < 1) return null;
        if (month is < 1 or > 12) return $"« {s} » n'est pas une date : il n'y a pas de mois {month} (de 1 à 12)";
        if (day == 0) return $"« {s} » n'est pas une date : il n'y a pas de jour 0";
        var days = DateTime.DaysInMonth(year, month);
        if (day <= days) return null;
        var monthName = new DateOnly(year, month, 1).ToString("MMMM yyyy", Fr);
        return $"le {day:00}/{month:00}/{year} n'existe pas : {monthName} a {days} jours";
    }

    /// <summary>
    /// A date typed by hand (a browser without a date picker: 1/3/2018) as the API's ISO date; else as typed, for the API to
    /// refuse. Every form and page box whose text goes to the API's reading, or back into a date box, passes it here.
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? IsoOrAsTyped(string? text) =>
        text is not null && TryParseTyped(text, out var d) ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : text;

    /// <summary>
    /// Why a text is refused where only <c>YYYY-MM-DD</c> is read (the API's bodies, the query strings), in French: a day
    /// that does not exist (<see cref="NoSuchDay"/>), a real date written otherwise with its spelling there
    /// (<see cref="IsoWanted"/>), else <paramref name="otherwise"/>.
    /// </summary>
    public static string IsoProblem(string? text, string otherwise = "date invalide, attendu le format AAAA-MM-JJ") =>
        NoSuchDay(text) ?? IsoWanted(text) ?? otherwise;

    /// <summary>
    /// A text that is a real date written otherwise than <c>YYYY-MM-DD</c> (« 28/02/2021 », « 2021-2-8 »), answered with its
    /// spelling there, or one written so with spaces or invisible characters around it, or a date followed by a time of day
    /// (no day is offered for it: it may not be the Paris day meant); null for any other text.
    /// </summary>
    public static string? IsoWanted(string? text)
    {
        var trimmed = TypedText.Trim(text ?? "");
        if (trimmed.AsSpan().IndexOfAny(' ', 'T') is var cut and >= 0)
            return TryParseTyped(trimmed[..cut], out _) && IsTimeOfDay(trimmed.AsSpan(cut + 1)) ? "date attendue sans heure, au format AAAA-MM-JJ" : null;
        if (!TryParseTyped(trimmed, out var date)) return null;
        return TryParseIso(trimmed, out _)
            ? $"date attendue sans espace ni caractère invisible autour : {date:yyyy-MM-dd}"
            : $"date attendue au format AAAA-MM-JJ : « {trimmed} » s'écrit {date:yyyy-MM-dd}";
    }

    private static readonly System.Globalization.CultureInfo Fr = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");

    private static bool TryParseYearFirst(ReadOnlySpan<char> s, out DateOnly date)
    {
        date = default;
        return YearFirst(s, out var year, out var month, out var day) && Make(year, month, day, out date);
    }

    // The numbers of a text shaped as a date, whether or not that day exists: year first (2018-3-1), or day first (1/3/2018).
    private static bool YearFirst(ReadOnlySpan<char> s, out int year, out int month, out int day)
    {
        (year, month, day) = (0, 0, 0);
        return Parts(s, '-', out var y, out var m, out var d) && y.Length == 4 && m.Length <= 2 && d.Length <= 2
            && Digits(y, out year) && Digits(m, out month) && Digits(d, out day);
    }

    private static bool DayFirst(ReadOnlySpan<char> s, out int year, out int month, out int day)
    {
        (year, month, day) = (0, 0, 0);
        return Parts(s, '/', out var d, out var m, out var y) && d.Length <= 2 && m.Length <= 2 && y.Length == 4
            && Digits(d, out day) && Digits(m, out month) && Digits(y, out year);
    }

    // 00:00, 00:00:00, 00:00:00.000, with an optional Z: what spreadsheets and ISO timestamps put after a date.
    private static bool IsTimeOfDay(ReadOnlySpan<char> s)
    {
        s = s.TrimEnd('Z');
        return s.Length >= 4 && s.IndexOfAnyExcept("0123456789:.") < 0 && s.Contains(':');
    }

    /// <summary>Three non-empty parts separated by <paramref name="separator"/>.</summary>
    private static bool Parts(ReadOnlySpan<char> s, char separator, out ReadOnlySpan<char> a, out ReadOnlySpan<char> b, out ReadOnlySpan<char> c)
    {
        a = b = c = default;
        var first = s.IndexOf(separator);
        if (first < 1) return false;
        var rest = s[(first + 1)..];
        var second = rest.IndexOf(separator);
        if (second < 1 || second == rest.Length - 1) return false;
        a = s[..first];
        b = rest[..second];
        c = rest[(second + 1)..];
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    private static bool Make(int y, int m, int d, out DateOnly date)
    {
        date = default;
        if (y < 1 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return false;
        date = new DateOnly(y, m, d);
        return true;
    }
}
