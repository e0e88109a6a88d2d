//! Strongly connected components (iterative Tarjan), so mutually recursive functions are
//! inferred together and everything else is generalised before its callers use it.

/// Components of the graph `edges` (node → successors), each listed after every component it
/// depends on. Returns the component index of every node and the components in that order.
pub fn components(edges: &[Vec<u32>]) -> (Vec<u32>, Vec<Vec<u32>>) {
    let n = edges.len();
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut comp_of = vec![0u32; n];
    let mut comps: Vec<Vec<u32>> = Vec::new();
    let mut next = 0u32;
    // explicit call stack: (node, next successor position)
    let mut calls: Vec<(u32, usize)> = Vec::new();
    for root in 0..n as u32 {
        if index[root as usize] != UNSEEN {
            continue;
        }
        calls.push((root, 0));
        index[root as usize] = next;
        low[root as usize] = next;
        next += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        while let Some(&mut (v, ref mut pos)) = calls.last_mut() {
            let vi = v as usize;
            if let Some(&w) = edges[vi].get(*pos) {
                *pos += 1;
                let wi = w as usize;
                if wi >= n {
                    continue;
                }
                if index[wi] == UNSEEN {
                    index[wi] = next;
                    low[wi] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[wi] = true;
                    calls.push((w, 0));
                } else if on_stack[wi] {
                    low[vi] = low[vi].min(index[wi]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                let pi = parent as usize;
                low[pi] = low[pi].min(low[vi]);
            }
            if low[vi] == index[vi] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    comp_of[w as usize] = comps.len() as u32;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                comp.reverse();
                comps.push(comp);
            }
        }
    }
    (comp_of, comps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_and_chains() {
        // 0 -> 1 -> 2 -> 1, 3 -> 0
        let edges = vec![vec![1], vec![2], vec![1], vec![0]];
        let (of, comps) = components(&edges);
        assert_eq!(of[1], of[2]);
        assert!(of[1] < of[0] && of[0] < of[3]);
        assert_eq!(comps.len(), 3);
    }

    #[test]
    fn long_chain_does_not_recurse() {
        let n = 100_000;
        let edges: Vec<Vec<u32>> = (0..n).map(|i| vec![(i + 1) % n]).collect();
        let (_, comps) = components(&edges);
        assert_eq!(comps.len(), 1);
    }
}
