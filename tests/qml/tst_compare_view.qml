import QtQuick
import QtTest
import AdGen.Studio

// CompareView: the three ways of comparing two pictures.
Item {
    id: root
    width: 900
    height: 700

    ProductController { id: pictures }

    TestCase {
        name: "CompareView"
        when: windowShown

        Component {
            id: viewComponent
            CompareView {
                parent: root
                imageA: pictures.image
                imageB: pictures.image
                labelA: "#1"
                labelB: "#2"
            }
        }

        function initTestCase() {
            verify(pictures.load(fixturesDir + "/images/product_bottle.png"))
        }

        function openView() {
            const view = createTemporaryObject(viewComponent, root)
            view.open()
            tryCompare(view, "opened", true)
            return view
        }

        function test_sideBySideIsTheFirstMode() {
            const view = openView()
            compare(view.mode, "side")
            verify(!findChild(view.contentItem, "wipeSlider").visible)
        }

        function test_theWipeModeShowsItsSliderAndCutsBAtTheDivider() {
            const view = openView()
            mouseClick(findChild(view.contentItem, "compareWipe"))
            compare(view.mode, "wipe")
            const slider = findChild(view.contentItem, "wipeSlider")
            verify(slider.visible)
            const clip = findChild(view.contentItem, "wipeClip")
            tryVerify(() => clip.width > 0)  // laid out once visible
            const half = clip.width
            slider.value = 0.75
            verify(clip.width < half)  // less of B shows as the divider moves right
            slider.value = 0
            verify(clip.width > half)
        }

        function test_flickerSwapsThePictures() {
            const view = openView()
            mouseClick(findChild(view.contentItem, "compareFlicker"))
            compare(view.mode, "flicker")
            const before = view.showingB
            tryVerify(() => view.showingB !== before, 2000)
        }

        function test_closeCloses() {
            const view = openView()
            mouseClick(findChild(view.contentItem, "closeCompare"))
            tryCompare(view, "opened", false)
        }
    }
}
