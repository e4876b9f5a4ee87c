namespace EctLifecycle.Http;

/// <summary>
/// Dates as people and files write them, read without the culture machinery of <c>DateOnly.TryParseExact</c> (which
/// an import of half a million rows paid several seconds for): ISO <c>YYYY-MM-DD</c>, and the French day first
/// <c>JJ/MM/AAAA</c> (day and month of one or two digits). Only real calendar dates are accepted.
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
        var first = s.IndexOf('/');
        if (first is < 1 or > 2) return false;
        var rest = s[(first + 1)..];
        var second = rest.IndexOf('/');
        if (second is < 1 or > 2 || rest.Length - second - 1 != 4) return false;
        return Digits(s[..first], out var d) && Digits(rest[..second], out var m) && Digits(rest[(second + 1)..], out var y)
            && Make(y, m, d, out date);
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
