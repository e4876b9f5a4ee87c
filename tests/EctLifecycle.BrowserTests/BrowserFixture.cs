using EctLifecycle.TestSupport;
using Microsoft.Playwright;

namespace EctLifecycle.BrowserTests;

/// <summary>
/// One app and one Chromium for the browser tests. Chromium is Debian's (/usr/bin/chromium, or ECT_CHROMIUM):
/// Playwright's own browser download cannot work here.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public AppProcess App { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    private IPlaywright _playwright = null!;

    public static string Chromium => Environment.GetEnvironmentVariable("ECT_CHROMIUM") is { Length: > 0 } c ? c : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"Chromium not found at {Chromium}: apt-get install chromium (deploy/test does it when it runs as root)");
        App = await AppProcess.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--lang=fr-FR", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
    }

    /// <param name="app">Another app than the suite's (a test's own, with other settings).</param>
    public async Task<IPage> SignedInPageAsync(string login, string password, int width = 1280, int height = 900, AppProcess? app = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (app ?? App).BaseUrl.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "fr-FR",
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Identifiant").FillAsync(login);
        await page.GetByLabel("Mot de passe").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/connexion"));
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>Runs a browser step; when it fails, keeps a screenshot of the page under TestResults/browser-failures.</summary>
public static class Evidence
{
    public static async Task KeepScreenshotOnFailureAsync(IPage page, string name, Func<Task> steps)
    {
        try { await steps(); }
        catch
        {
            var folder = Path.Combine(BuiltApp.RepositoryRoot(), "TestResults", "browser-failures");
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
            throw;
        }
    }
}
