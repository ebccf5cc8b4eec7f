import { expect, test } from './fixtures'

const TOKEN = 'neuroio-demo-token'

// Starts empty: the source is added through the UI alone.
test.use({ vigilOptions: { config: { version: 1, sources: [], triggers: [] } } })

test.describe('adding a source', () => {
  test('a NeuroIO source added from its preset authenticates with the token typed in', async ({
    vigil,
  }) => {
    const { page } = vigil
    await page.getByRole('link', { name: 'Add a source' }).click()
    await page.getByRole('radio', { name: 'NeuroIO', exact: true }).check()
    await expect(page.getByLabel('URL', { exact: true })).toHaveValue('wss://events.neuroio.com')
    await page.getByLabel('Name', { exact: true }).fill('Lobby cameras')
    // The built-in NeuroIO simulator instead of the real service.
    await page.getByLabel('URL', { exact: true }).fill('sim://neuroio')
    await page.getByLabel('API token', { exact: true }).fill(TOKEN)
    await page.getByRole('button', { name: 'Add source' }).click()

    await expect(page.getByRole('heading', { name: 'Lobby cameras' })).toBeVisible()
    await expect(
      page.getByRole('region', { name: 'State' }).getByText('Open', { exact: true }),
    ).toBeVisible({ timeout: 20_000 })
    // Authenticated: the simulator sends entries only to a connection that logged in.
    await expect
      .poll(async () => {
        const [view] = (await vigil.invoke('source:list')).value as {
          counters: { events: number }
        }[]
        return view?.counters.events ?? 0
      })
      .toBeGreaterThan(0)

    const config = (await vigil.invoke('config:get')).value as {
      sources: { preset: string; options: unknown }[]
    }
    expect(config.sources[0]).toMatchObject({
      preset: 'neuroio',
      options: { tokenSecretRef: 'lobby-cameras.token' },
    })
    expect(JSON.stringify(config)).not.toContain(TOKEN)
    expect((await vigil.invoke('secret:list')).value).toContain('lobby-cameras.token')
  })

  test('a generic source with a login message authenticates, its secret kept out of the config', async ({
    vigil,
  }) => {
    const { page } = vigil
    await expect(page.getByRole('heading', { name: 'No sources yet' })).toBeVisible()
    await page.getByRole('link', { name: 'Add a source' }).click()

    // A save with nothing filled in says what is missing, field by field.
    await page.getByRole('button', { name: 'Add source' }).click()
    await expect(page.getByText('a name is required')).toBeVisible()
    await expect(page.getByLabel('URL', { exact: true })).toHaveAttribute('aria-invalid', 'true')

    await page.getByLabel('Name', { exact: true }).fill('Front door cameras')
    await expect(page.getByLabel('Id', { exact: true })).toHaveValue('front-door-cameras')
    await page.getByLabel('URL', { exact: true }).fill('sim://neuroio')
    await page.getByLabel('Event type path').fill('data.result')
    await page.getByLabel('Authentication').selectOption('message')
    await page
      .getByLabel('Login message')
      .fill('{"action": "AUTH", "data": {"token": "{{secret}}"}}')
    await page.getByLabel('Accepted when: field').fill('auth')
    await page.getByLabel('Accepted when: equals').fill('ok')
    await page.getByLabel('Refused when: field').fill('error')
    await page.getByLabel('Secret', { exact: true }).fill(TOKEN)
    await page.getByRole('button', { name: 'Add source' }).click()

    // Saved: the source's own page, where it logs in and opens.
    await expect(page.getByRole('heading', { name: 'Front door cameras' })).toBeVisible()
    await expect(
      page.getByRole('region', { name: 'State' }).getByText('Open', { exact: true }),
    ).toBeVisible({ timeout: 20_000 })

    const config = await vigil.invoke('config:get')
    const source = (config.value as { sources: { id: string; auth: unknown }[] }).sources[0]!
    expect(source.auth).toEqual({
      type: 'message',
      template: { action: 'AUTH', data: { token: '{{secret}}' } },
      secret: 'front-door-cameras-secret',
      successWhen: { path: 'auth', equals: 'ok' },
      failureWhen: { path: 'error' },
    })
    expect(JSON.stringify(config.value)).not.toContain(TOKEN)
    expect((await vigil.invoke('secret:list')).value).toContain('front-door-cameras-secret')
  })

  test('a source is deleted only after confirming, and not while a trigger uses it', async ({
    vigil,
  }) => {
    const saved = await vigil.invoke('config:replace', {
      version: 1,
      sources: [{ id: 'echo', name: 'Echo', preset: 'generic', url: 'sim://ebsockets' }],
      triggers: [
        { id: 'echo-log', name: 'Log echoes', sources: ['echo'], actions: [{ type: 'log' }] },
      ],
    })
    expect(saved.ok).toBe(true)
    const { page } = vigil
    await page.getByRole('link', { name: 'Echo', exact: true }).click()
    await page.getByRole('button', { name: 'Delete…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Delete Echo?' })
    await expect(dialog).toBeVisible()
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect(dialog).toBeHidden()

    await page.getByRole('button', { name: 'Delete…' }).click()
    await dialog.getByRole('button', { name: 'Delete source' }).click()
    await expect(dialog.getByRole('alert')).toContainText('used by trigger echo-log')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(((await vigil.invoke('source:list')).value as unknown[]).length).toBe(1)

    expect((await vigil.invoke('trigger:remove', 'echo-log')).ok).toBe(true)
    await page.getByRole('button', { name: 'Delete…' }).click()
    await dialog.getByRole('button', { name: 'Delete source' }).click()
    await expect(page.getByRole('heading', { name: 'No sources yet' })).toBeVisible()
    expect((await vigil.invoke('source:list')).value).toEqual([])
  })
})
