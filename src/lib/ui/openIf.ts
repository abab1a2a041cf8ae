// `<details {...openIf(failed)}>` instead of `<details open={failed}>`: the attribute is set only while the
// condition holds. `open={false}` sets the property when the page comes alive and shut a section that someone
// had opened while the page's scripts were still loading (a busy phone); a spread leaves it as the person left it.
export function openIf(condition: unknown): { open?: true } {
	return condition ? { open: true } : {};
}
