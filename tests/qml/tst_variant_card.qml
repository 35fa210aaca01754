import QtQuick
import QtTest
import AdGen.Studio

// VariantCard: what a variant shows in each state, and the requests it makes.
Item {
    id: root
    width: 400
    height: 500

    ProductController { id: pictures }

    TestCase {
        name: "VariantCard"
        when: windowShown

        Component {
            id: cardComponent
            VariantCard {
                width: 380
                height: 480
                index: 1
                number: 2
                seed: "18446744073709551615"
                title: ""
                state: VariantsModel.Writing
                stateLabel: "Writing copy"
                active: true
                image: pictures.image
                fusionImage: pictures.image
                progress: 0
            }
        }

        function initTestCase() {
            verify(pictures.load(fixturesDir + "/images/product_bottle.png"))
        }

        function test_aRunningVariantCanBeCancelled() {
            const card = createTemporaryObject(cardComponent, root)
            const cancel = findChild(card, "cancelVariant1")
            verify(cancel.visible)
            const spy = createTemporaryObject(signalSpyComponent, root, { target: card, signalName: "cancelRequested" })
            mouseClick(cancel)
            compare(spy.count, 1)
            compare(findChild(card, "variantState1").text, "Writing copy")
            compare(findChild(card, "variantTitle1").text, "…")  // nothing written yet
        }

        function test_aFinishedVariantShowsItsCopyAndSeedAndCannotBeCancelled() {
            const card = createTemporaryObject(cardComponent, root,
                                               { state: VariantsModel.Done, active: false, title: "【Lightweight】 Coral bottle",
                                                 stateLabel: "Done", progress: 1 })
            verify(!findChild(card, "cancelVariant1").visible)
            compare(findChild(card, "variantTitle1").text, "【Lightweight】 Coral bottle")
            verify(findChild(card, "variantSeed1").text.indexOf("18446744073709551615") >= 0)
            verify(findChild(card, "variantTitle1").font.bold)
        }

        function test_theSeedButtonAsksToReuseTheSeed() {
            const card = createTemporaryObject(cardComponent, root)
            const spy = createTemporaryObject(signalSpyComponent, root, { target: card, signalName: "reuseSeedRequested" })
            mouseClick(findChild(card, "variantSeed1"))
            compare(spy.count, 1)
        }

        function test_theCheckBoxTogglesTheSelectionAndHidesWhenNotSelectable() {
            const card = createTemporaryObject(cardComponent, root)
            const spy = createTemporaryObject(signalSpyComponent, root, { target: card, signalName: "selectionToggled" })
            const box = findChild(card, "selectVariant1")
            verify(box.visible)
            mouseClick(box)
            compare(spy.count, 1)
            compare(spy.signalArguments[0][0], true)
            card.selectable = false
            verify(!box.visible)
        }

        function test_aLabelIsShownOnlyWhenSet() {
            const card = createTemporaryObject(cardComponent, root)
            verify(!findChild(card, "variantLabel1").visible)
            card.label = "shopper-039"
            verify(findChild(card, "variantLabel1").visible)
            compare(findChild(card, "variantLabel1").text, "shopper-039")
        }

        Component {
            id: signalSpyComponent
            SignalSpy {}
        }
    }
}
