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
        name: "SellingPointsEditor"
        when: windowShown
        width: 500
        height: 400

        Component {
            id: editorComponent
            SellingPointsEditor {
                width: 480
                height: 380
                model: SellingPointsModel {}
            }
        }

        function createEditor() {
            const editor = createTemporaryObject(editorComponent, root)
            verify(editor)
            return editor
        }

        function addByTyping(editor, text) {
            const entry = findChild(editor, "newSellingPoint")
            entry.forceActiveFocus()
            entry.text = text
            keyClick(Qt.Key_Return)
        }

        function test_typingAListAndPressingEnterAddsEachItem() {
            const editor = createEditor()
            addByTyping(editor, "500 ml, steel；保温")
            compare(editor.model.count, 3)
            compare(editor.model.textAt(2), "保温")
            compare(findChild(editor, "newSellingPoint").text, "", "the entry is cleared after adding")
        }

        function test_addButtonAddsTheEntry() {
            const editor = createEditor()
            findChild(editor, "newSellingPoint").text = "BPA free"
            mouseClick(findChild(editor, "addSellingPoint"))
            compare(editor.model.count, 1)
            compare(editor.model.textAt(0), "BPA free")
        }

        function test_aRepeatIsRefusedWithFeedback() {
            const editor = createEditor()
            addByTyping(editor, "steel")
            addByTyping(editor, "steel")
            compare(editor.model.count, 1)
            const feedback = findChild(editor, "sellingPointFeedback")
            verify(feedback.visible)
            compare(feedback.text, "That selling point is already listed.")
            compare(findChild(editor, "newSellingPoint").text, "steel", "the entry keeps the text to fix")
        }

        function test_rowButtonsMoveAndRemove() {
            const editor = createEditor()
            addByTyping(editor, "a, b, c")
            waitForRendering(editor)
            tryVerify(() => findChild(editor, "moveDown0") !== null)
            mouseClick(findChild(editor, "moveDown0"))
            compare([editor.model.textAt(0), editor.model.textAt(1), editor.model.textAt(2)], ["b", "a", "c"])
            verify(!findChild(editor, "moveUp0").enabled, "the first row cannot move up")
            mouseClick(findChild(editor, "remove2"))
            compare(editor.model.count, 2)
        }

        function test_altArrowsMoveTheFocusedPoint() {
            const editor = createEditor()
            addByTyping(editor, "a, b")
            tryVerify(() => findChild(editor, "sellingPointField1") !== null)
            findChild(editor, "sellingPointField1").forceActiveFocus()
            keyClick(Qt.Key_Up, Qt.AltModifier)
            compare(editor.model.textAt(0), "b")
        }

        function test_editingInPlaceToABlankRestoresTheText() {
            const editor = createEditor()
            addByTyping(editor, "a, b")
            tryVerify(() => findChild(editor, "sellingPointField0") !== null)
            const field = findChild(editor, "sellingPointField0")
            field.forceActiveFocus()
            field.text = "   "
            keyClick(Qt.Key_Return)
            compare(editor.model.textAt(0), "a")
            compare(field.text, "a")
            field.text = "alpha"
            keyClick(Qt.Key_Return)
            compare(editor.model.textAt(0), "alpha")
        }

        function test_undoKeysInTheFieldsGoToTheBrief() {
            const editor = createEditor()
            const undo = createTemporaryObject(signalSpyComponent, testCase, {target: editor, signalName: "undoRequested"})
            const redo = createTemporaryObject(signalSpyComponent, testCase, {target: editor, signalName: "redoRequested"})
            addByTyping(editor, "a, b")
            // The entry is empty after adding: Ctrl+Z there undoes the add.
            keyClick(Qt.Key_Z, Qt.ControlModifier)
            compare(undo.count, 1)
            keyClick(Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
            compare(redo.count, 1)
            tryVerify(() => findChild(editor, "sellingPointField0") !== null)
            const field = findChild(editor, "sellingPointField0")
            field.forceActiveFocus()
            keyClick(Qt.Key_Z, Qt.ControlModifier)
            compare(undo.count, 2)
            compare(field.text, "a")
        }

        function test_typingNotYetAddedIsUndoneInItsField() {
            const editor = createEditor()
            const undo = createTemporaryObject(signalSpyComponent, testCase, {target: editor, signalName: "undoRequested"})
            const entry = findChild(editor, "newSellingPoint")
            entry.forceActiveFocus()
            keyClick(Qt.Key_X)
            keyClick(Qt.Key_Z, Qt.ControlModifier)
            compare(undo.count, 0)
            compare(entry.text, "")
        }

        Component {
            id: signalSpyComponent
            SignalSpy {}
        }
    }
}
