import SDBasics
import Testing

@testable import SDTemplate

@Suite struct NamespaceTests {
    @Test func namespaceCarriesValuesOutOfALoop() throws {
        let t = "<< set ns = namespace(total=0, names=[]) >><< for x in [1, 2, 3] >><< set ns.total = ns.total + x >><< endfor >><< ns.total >>"
        #expect(try render(t) == "6")
        #expect(try render("<< set ns = namespace({'a': 1}, b=2) >><< set ns.c = ns.a + ns.b >><< ns.c >>") == "3")
    }

    @Test func onlyNamespacesTakeAttributes() throws {
        let err = try renderFailure("<< set d = {'a': 1} >><< set d.a = 2 >>")
        #expect(err.contains("cannot set attribute 'a' of a dict 'd'"))
        #expect(err.contains("hint: only namespace() objects take attributes"))
        #expect(try renderFailure("<< set nope.a = 2 >>").contains("'nope' is undefined"))
        #expect(try renderFailure("<< namespace(1) >>").contains("namespace() takes a dict and keyword arguments, not integer"))
    }
}

@Suite struct LoopExtensionTests {
    @Test func cycleAndChanged() throws {
        #expect(try render("<< for x in [1, 2, 3] >><< loop.cycle('odd', 'even') >> << endfor >>") == "odd even odd ")
        let t = "<< for r in [{'g': 'a'}, {'g': 'a'}, {'g': 'b'}] >><< if loop.changed(r.g) >>[<< r.g >>]<< endif >>.<< endfor >>"
        #expect(try render(t) == "[a]..[b].")
    }

    @Test func previousAndNextItemAreUndefinedAtTheEnds() throws {
        let t = "<< for x in ['a', 'b', 'c'] >><< loop.previtem | default('^') >><< x >><< loop.nextitem | default('$') >> << endfor >>"
        #expect(try render(t) == "^ab abc bc$ ")
        #expect(try renderFailure("<< for x in [1] >><< loop.previtem >><< endfor >>").contains("has no attribute 'previtem'"))
    }

    @Test func depthCountsNestedLoops() throws {
        #expect(try render("<< for a in [1] >><< loop.depth >><< for b in [1] >><< loop.depth0 >><< endfor >><< endfor >>") == "11")
    }

    @Test func loopFilterSkipsItemsBeforeCounting() throws {
        let t = "<< for x in [1, 2, 3, 4] if x is even >><< x >>/<< loop.length >><< ',' if not loop.last >><< endfor >>"
        #expect(try render(t) == "2/2,4/2")
        #expect(try render("<< for x in [1, 3] if x is even >><< x >><< else >>none<< endfor >>") == "none")
        #expect(try render("<< for k, v in {'a': 1, 'b': 0}.items() if v >><< k >><< endfor >>") == "a")
    }

    @Test func breakAndContinue() throws {
        let t = "<< for x in range(10) >><< if x == 1 >><< continue >><< endif >><< if x == 4 >><< break >><< endif >><< x >><< endfor >>"
        #expect(try render(t) == "023")
        // Only the innermost loop stops.
        let nested = "<< for a in [1, 2] >><< for b in [1, 2, 3] >><< if b == 2 >><< break >><< endif >><< a >><< b >> << endfor >><< endfor >>"
        #expect(try render(nested) == "11 21 ")
    }

    @Test func breakOutsideALoopIsASyntaxError() {
        #expect(parseDiagnostics("<< break >>").contains("error: 'break' outside of a 'for' loop"))
        #expect(parseDiagnostics("<< for x in y >><< call m() >><< continue >><< endcall >><< endfor >>").contains("'continue' outside of a 'for' loop"))
        #expect(parseDiagnostics("<< for x in y >><< if x >><< continue >><< endif >><< endfor >>").isEmpty)
    }
}
