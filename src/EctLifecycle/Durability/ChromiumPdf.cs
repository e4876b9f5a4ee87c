using System.Diagnostics;

namespace EctLifecycle.Durability;

/// <summary>Chromium is not there: the French message says what to install.</summary>
public sealed class ChromiumMissingException(string message) : Exception(message);

/// <summary>Chromium ran but gave no PDF.</summary>
public sealed class PdfRenderingException(string message) : Exception(message);

/// <summary>
/// Prints a report's HTML to PDF with headless Chromium: the browser lays out the same page staff see, print CSS and
/// inline SVG included, so the PDF needs no second layout engine. Found at <c>ECT_CHROMIUM</c>, else
/// <c>/usr/bin/chromium</c>, else <c>chromium</c> on the PATH.
/// </summary>
public static class ChromiumPdf
{
    public const string Variable = "ECT_CHROMIUM";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static string Missing(string? why = null) =>
        $"Chromium est introuvable{(why is null ? "" : $" ({why})")} : il faut Chromium pour produire le PDF. " +
        $"Installez-le (apt-get install chromium) ou donnez son chemin dans la variable {Variable}.";

    /// <summary>The Chromium to run; throws <see cref="ChromiumMissingException"/> when there is none.</summary>
    public static string Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
            return File.Exists(configured) ? configured : throw new ChromiumMissingException(Missing($"{Variable}={configured} n'existe pas"));
        if (File.Exists("/usr/bin/chromium")) return "/usr/bin/chromium";
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "chromium")).FirstOrDefault(File.Exists);
        return onPath ?? throw new ChromiumMissingException(Missing());
    }

    public static bool IsAvailable()
    {
        try { Find(); return true; }
        catch (ChromiumMissingException) { return false; }
    }

    public static async Task<byte[]> RenderAsync(string html, CancellationToken ct)
    {
        var chromium = Find();
        var work = Directory.CreateTempSubdirectory("ect-pdf-");
        try
        {
            var page = Path.Combine(work.FullName, "rapport.html");
            var pdf = Path.Combine(work.FullName, "rapport.pdf");
            await File.WriteAllTextAsync(page, html, ct);
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--disable-breakpad",
                         $"--user-data-dir={Path.Combine(work.FullName, "profile")}", $"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                         new Uri(page).AbsoluteUri,
                     })
                start.ArgumentList.Add(arg);

            using var process = Process.Start(start) ?? throw new PdfRenderingException($"Chromium ({chromium}) n'a pas démarré");
            var stderr = process.StandardError.ReadToEndAsync(ct);
            _ = process.StandardOutput.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            try { await process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (ct.IsCancellationRequested) throw;
                throw new PdfRenderingException($"Chromium n'a pas produit le PDF en {Timeout.TotalSeconds} secondes");
            }
            var bytes = File.Exists(pdf) ? await File.ReadAllBytesAsync(pdf, ct) : [];
            if (bytes.Length < 5 || bytes[0] != '%' || bytes[1] != 'P')
                throw new PdfRenderingException($"Chromium (code {process.ExitCode}) n'a pas produit de PDF : {Last(await stderr)}");
            return bytes;
        }
        finally
        {
            try { work.Delete(recursive: true); }
            catch (IOException) { /* Chromium may still hold its profile briefly; the temp folder is cleaned by the system. */ }
        }
    }

    private static string Last(string text) => string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3));
}
