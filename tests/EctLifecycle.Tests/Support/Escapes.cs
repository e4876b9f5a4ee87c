using System.Text.RegularExpressions;

namespace EctLifecycle.Tests.Support;

public static class Escapes
{
    /// <summary>
    /// Test data written with \uXXXX escapes, as the text it stands for: the runner's names stay readable, and its XML
    /// reports valid, even for a NUL or half a surrogate pair.
    /// </summary>
    public static string Unescaped(this string escaped) => Regex.Unescape(escaped);
}
