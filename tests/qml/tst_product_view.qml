import QtQuick
import QtTest
import AdGen.Studio

// TestCase is invisible by design, so the components under test live in this visible root.
Item {
    id: root
    width: 600
    height: 500

    TestCase {
        id: testCase
        name: "ProductView"
        when: windowShown
        width: 600
        height: 500

        Component {
            id: viewComponent
            ProductView {
                width: 600
                height: 500
                product: ProductController {}
            }
        }

        function createView() {
            const view = createTemporaryObject(viewComponent, root)
            verify(view)
            return view
        }

        function test_emptyStateInvitesToLoad() {
            const view = createView()
            verify(findChild(view, "loadProductButton").visible)
            verify(!findChild(view, "cutoutImage").visible)
            verify(!findChild(view, "productError").visible)
        }

        function test_loadButtonAsksForAFile() {
            const view = createView()
            const spy = createTemporaryObject(signalSpyComponent, testCase, {target: view, signalName: "loadRequested"})
            mouseClick(findChild(view, "loadProductButton"))
            compare(spy.count, 1)
        }

        function test_pasteButtonsAskForTheClipboard() {
            const view = createView()
            const spy = createTemporaryObject(signalSpyComponent, testCase, {target: view, signalName: "pasteRequested"})
            mouseClick(findChild(view, "pasteProductButton"))
            compare(spy.count, 1)
            // With a product shown, the row under it offers the paste too.
            verify(view.product.load(fixturesDir + "/images/rgba_box.png"))
            const again = findChild(view, "pasteProductToolButton")
            tryVerify(() => again.visible)
            mouseClick(again)
            compare(spy.count, 2)
        }

        function test_productBoxOutlineSitsOnTheBoxAtTheImageScale() {
            const view = createView()
            verify(view.product.load(fixturesDir + "/images/rgba_box.png"))
            const cutout = findChild(view, "cutoutImage")
            const outline = findChild(view, "productBoxOutline")
            tryVerify(() => cutout.scale > 0)
            verify(outline.visible)
            // rgba_box.png: 40x30, product box (10,5) 26x21, shown at most 4x enlarged.
            compare(cutout.scale, 4)
            fuzzyCompare(outline.width, 26 * 4, 0.01)
            fuzzyCompare(outline.height, 21 * 4, 0.01)
            fuzzyCompare(outline.x, cutout.x + cutout.paintedRect.x + 10 * 4, 0.01)
            fuzzyCompare(outline.y, cutout.y + cutout.paintedRect.y + 5 * 4, 0.01)
            compare(findChild(view, "productSummary").text, "40 × 30 px · PNG · product box 10, 5 – 26 × 21 px · coverage 25.1 %")
        }

        function test_productBoxCanBeHidden() {
            const view = createView()
            verify(view.product.load(fixturesDir + "/images/rgba_box.png"))
            const toggle = findChild(view, "showProductBox")
            mouseClick(toggle)
            verify(!findChild(view, "productBoxOutline").visible)
        }

        function test_aBadFileShowsTheProblemAndTheFixUntilDismissed() {
            const view = createView()
            verify(!view.product.load(fixturesDir + "/images/rgb_opaque.png"))
            const banner = findChild(view, "productError")
            verify(banner.visible)
            verify(findChild(view, "productErrorProblem").text.indexOf("no alpha channel") >= 0)
            mouseClick(findChild(view, "productErrorDismiss"))
            verify(!banner.visible)
        }

        Component {
            id: signalSpyComponent
            SignalSpy {}
        }
    }
}
