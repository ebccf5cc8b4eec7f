import { expect, target, test } from './fixtures'

const incoming = {
  version: 1,
  sources: [
    {
      id: 'echo',
      name: 'Echo service',
      preset: 'generic',
      url: 'sim://ebsockets',
      auth: { type: 'header', secret: 'echo-token' },
    },
  ],
  triggers: [
    {
      id: 'pager',
      name: 'Pager',
      enabled: false,
      actions: [{ type: 'webhook', url: 'http://127.0.0.1:9/alert?from={{sourceId}}' }],
    },
  ],
  preferences: { history: { retentionDays: 7 } },
}

test.describe('settings', () => {
  test('importing a config shows what it would change, and applies it only on Import', async ({
    vigil,
  }) => {
    const { page } = vigil
    await page.getByRole('link', { name: 'Settings', exact: true }).click()
    await page.getByLabel('Import a configuration file').setInputFiles({
      name: 'echo.vigil',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(incoming)),
    })

    const preview = page.getByRole('region', { name: 'Importing echo.vigil' })
    const changes = preview.getByRole('list', { name: 'Changes' })
    await expect(changes.getByRole('listitem')).toHaveText([
      'Adds source echo',
      'Removes source demo-census',
      'Adds trigger pager',
      'Removes trigger demo-headshots',
      'Removes trigger demo-battle-rank',
      'Removes trigger vigil-outage',
      'Changes preference history.retentionDays',
    ])
    await expect(preview).toContainText('echo-token')
    // A webhook destination the current config never sends to is pointed out.
    await expect(preview).toContainText('http://127.0.0.1:9, by trigger pager')
    // Nothing has changed yet.
    const before = (await vigil.invoke('config:get')).value as { sources: { id: string }[] }
    expect(before.sources.map((source) => source.id)).toEqual(['demo-census'])

    await page.getByRole('button', { name: 'Import', exact: true }).click()
    await expect(page.getByText('Imported echo.vigil.')).toBeVisible()
    await expect(page.getByLabel('Keep history for (days)')).toHaveValue('7')

    await page.getByRole('link', { name: 'Sources', exact: true }).click()
    await expect(page.getByRole('row', { name: /Echo service/ })).toBeVisible()
    await expect(page.getByRole('row', { name: /Demo: PlanetSide/ })).toHaveCount(0)
  })

  test('the theme follows the choice, on <html>, and survives a reload', async ({ vigil }) => {
    const { page } = vigil
    await page.getByRole('link', { name: 'Settings', exact: true }).click()
    const html = page.locator('html')
    await expect(html).toHaveAttribute('data-theme', 'system')
    await page.getByLabel('Dark').check()
    await expect(html).toHaveAttribute('data-theme', 'dark')
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    expect(await background()).toBe('rgb(19, 21, 25)')
    await page.reload()
    await expect(html).toHaveAttribute('data-theme', 'dark')
    await page.getByLabel('Light').check()
    expect(await background()).toBe('rgb(246, 247, 249)')
  })

  test('new triggers start with the default noise rules set in Settings', async ({ vigil }) => {
    const { page } = vigil
    await page.getByRole('link', { name: 'Settings', exact: true }).click()
    const defaults = page.getByRole('group', { name: 'Noise control for new triggers' })
    await defaults.getByLabel('Drop repeats of the same event').check()
    await defaults.getByRole('button', { name: 'Save' }).click()
    await expect(defaults.getByRole('status')).toHaveText('Saved.')
    const config = (await vigil.invoke('config:get')).value as {
      preferences: { triggers: { noise: unknown } }
    }
    // Added to the rate limit a new configuration starts with.
    expect(config.preferences.triggers.noise).toEqual({
      dedupe: { seconds: 60 },
      maxPerMinute: 2,
      quietHours: [],
    })

    await page.getByRole('link', { name: 'Triggers', exact: true }).click()
    await page.getByRole('link', { name: 'New trigger' }).click()
    await expect(page.getByLabel('Drop repeats of the same event')).toBeChecked()
    await expect(
      page.getByLabel('Cooldown: after a firing, stay quiet for a while'),
    ).not.toBeChecked()
  })

  test('the Cluster section: per-machine settings on the desktop, the command line headless', async ({
    vigil,
  }) => {
    const { page } = vigil
    await page.getByRole('link', { name: 'Settings', exact: true }).click()
    const cluster = page.getByRole('group', { name: 'Cluster', exact: true })
    if (target === 'headless') {
      await expect(cluster).toContainText("This host's cluster is set on its command line")
      await expect(cluster.getByRole('textbox')).toHaveCount(0)
      const saved = await vigil.invoke('cluster:save-settings', { url: 'nats://127.0.0.1:4222' })
      expect(saved).toMatchObject({ ok: false, error: { code: 'forbidden' } })
      return
    }
    await cluster.getByLabel('NATS server').fill('nats://127.0.0.1:4222')
    await cluster.getByRole('button', { name: 'Save' }).click()
    await expect(cluster.getByRole('status')).toHaveText('Saved; applies when Vigil starts next.')
    const stored = await vigil.invoke('cluster:settings')
    expect(stored.value).toMatchObject({
      editable: true,
      settings: { url: 'nats://127.0.0.1:4222' },
    })
  })
})
