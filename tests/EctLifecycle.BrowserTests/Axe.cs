using System.Text.Json;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace EctLifecycle.BrowserTests;

/// <summary>
/// axe-core as Deque's package bundles it, run in the page, keeping the violations axe rates serious or critical.
/// Not the package's <c>RunAxe</c>: it returned the same verdicts 2 to 4 times slower a page here (its whole result crosses
/// to .NET), and the suite runs axe on some 200 pages.
/// </summary>
public static class Axe
{
    private static readonly Lazy<string> Script = new(() => new BundledAxeScriptProvider().GetScript());

    /// <summary>The WCAG 2.1 A and AA rules.</summary>
    public static readonly object Wcag21 = new { type = "tag", values = new[] { "wcag2a", "wcag2aa", "wcag21a", "wcag21aa" } };

    public sealed record Violation(string Id, string Impact, string Help, string HelpUrl, Node[] Nodes);
    public sealed record Node(string Target, string Message);

    public static async Task<Violation[]> SeriousAsync(IPage page, object runOnly)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'")) await page.EvaluateAsync(Script.Value);
        var json = await page.EvaluateAsync<string>("""
            async runOnly => {
                const r = await axe.run(document, { runOnly, resultTypes: ['violations'] });
                if (r.passes.length + r.violations.length === 0) throw new Error('axe checked nothing');
                return JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
                    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.map(n => ({ target: n.target.join(' '), message: [...n.any, ...n.all, ...n.none].map(c => c.message).slice(0, 2).join(' ; ') })),
                })));
            }
            """, runOnly);
        return JsonSerializer.Deserialize<Violation[]>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>What to fix: the page, the rule and its help, the elements (CSS selectors) and why each fails.</summary>
    public static IEnumerable<string> Describe(string page, IEnumerable<Violation> violations) => violations.Select(v =>
        $"{page} — {v.Id} ({v.Impact}): {v.Help}\n    "
        + string.Join("\n    ", v.Nodes.Take(5).Select(n => $"{n.Target} — {n.Message}"))
        + (v.Nodes.Length > 5 ? $"\n    … and {v.Nodes.Length - 5} more" : "") + $"\n    {v.HelpUrl}");
}
